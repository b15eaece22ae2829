"""Our date formats per language, over Django's own (``FORMAT_MODULE_PATH`` in the settings).

Templates name a format (``|date:"DATE_FORMAT"``), never spell one out, so each language writes
dates its own way: "30 November 2026" in English, "30 de noviembre de 2026" in Spanish.
"""
