"""planforge: keep a civil-affairs development plan as YAML, check it, render it."""

__version__ = "0.1.0"
