"""Dates in Spanish: "30 de noviembre de 2026"; the short forms keep the month's name, as in
English, so that no one has to guess which number is the day."""

DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
# "b": the month's three letters in small letters ("1 dic 2026"), as Spanish writes them.
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
