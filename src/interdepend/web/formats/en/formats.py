"""Dates in English as Interdepend writes them: day, month, year (not Django's "Nov. 30")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# A time alone as every date with a time here writes it, on a 24-hour clock: Django's default
# ("9:54 p.m.") put "9:54 p.m. to 10:03 p.m." beside "22:03" in one access log (the fourth
# walk of 2026-12-04).
TIME_FORMAT = "H:i"
