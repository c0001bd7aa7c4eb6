"""The 西東京市 support navigator: channels, NLU components, actions' logic and tools."""
