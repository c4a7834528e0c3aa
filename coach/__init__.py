"""coach: an LLM-assisted coach for one-on-one meetings that runs offline by default."""

__version__ = "0.1.0"
