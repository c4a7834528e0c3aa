"""The built-in offline engine: deterministic, rule- and retrieval-based, no model needed."""
