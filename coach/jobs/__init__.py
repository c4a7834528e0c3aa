"""The jobs people run: each takes plain values and returns a typed result."""
