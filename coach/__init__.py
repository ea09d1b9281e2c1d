"""coach: a local-first 1:1 meeting coach for managers."""

__version__ = "0.1.0"
