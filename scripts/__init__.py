"""Small tools run as modules from the project root, e.g. `python -m scripts.rest_transcript`."""
