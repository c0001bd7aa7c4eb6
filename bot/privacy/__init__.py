"""Residents' privacy: masking before storage, the masking store, retention and the quick exit's forgetting."""
