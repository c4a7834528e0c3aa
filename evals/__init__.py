"""Eval datasets, scorers and the runner behind ``coach eval``."""
