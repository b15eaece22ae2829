"""Our date formats per language, over Django's own (``FORMAT_MODULE_PATH`` in the settings).

Templates name a format (``|date:"DATE_FORMAT"``), never spell one out, so each language writes
dates its own way: "30 November 2026" in English, "30 de noviembre de 2026" in Spanish.

One rule for every page: a day is written in full, ``DATE_FORMAT`` (with a time,
``DATETIME_FORMAT``: "30 November 2026, 14:05"), or ``|month_day`` ("30 November", the year
added when it is not this one). The short forms ("30 Nov 2026", "30 nov 2026") are for the labels
under a chart only, where room is short: a page that mixed "by 8 Dec 2026" with "6 December
2025" read as two apps (the phone walk of 2026-12-05; ``tests/web/test_dates_one_style.py``).
"""
