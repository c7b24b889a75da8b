# Short dates as the long ones read ("18 Nov 2026", not "18-11-2026"), so that one page does
# not show a date two ways; Django's Indonesian formats give the rest.
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H.i"
