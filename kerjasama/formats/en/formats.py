# English dates with a 24-hour clock, as the school day is read in Indonesia, and so that a
# sentence ending in a time does not end in "p.m.." (Django's English uses "7:09 p.m.").
# Short dates name the month: "11/18/2026", month first, misleads a reader used to day first.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
