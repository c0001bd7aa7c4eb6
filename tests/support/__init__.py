"""Helpers the tests share: free ports, waiting, real servers started privately."""
