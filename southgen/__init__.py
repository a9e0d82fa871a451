"""southgen: write the missing backwards() of Django South migrations."""

__version__ = "0.1.0"
