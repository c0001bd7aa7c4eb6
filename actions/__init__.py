"""rasa-sdk actions of the navigator; the executor registers every Action subclass here."""
