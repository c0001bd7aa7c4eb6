"""Where conversations are kept: the masking SQL tracker store and its start-time check."""
