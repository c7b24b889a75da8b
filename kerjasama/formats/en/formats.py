# English dates with a 24-hour clock, as the school day is read in Indonesia, and so that a
# sentence ending in a time does not end in "p.m.." (Django's English uses "7:09 p.m.").
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
