"""The domain core: pure Python and NumPy, never Django, never the web layer."""
