"""Scripts run inside the Python 2.7 legacy runtime (not imported by southgen itself)."""
