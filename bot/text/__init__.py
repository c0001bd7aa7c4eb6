"""General text services (Sudachi access, folding, blank checks); imports nothing else of bot."""
