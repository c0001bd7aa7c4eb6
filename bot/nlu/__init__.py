"""Rasa NLU components of config.yml and the models they keep."""
