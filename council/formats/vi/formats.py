"""Vietnamese date, time and number formats for the council site.

Django's own ``django/conf/locale/vi/formats.py`` shows dates as
"Ngày 07 tháng 1 năm 2021" / "07-01-2021", leaves FIRST_DAY_OF_WEEK at Sunday
and defines no input formats, so a date typed as "07/01/2021" would fall back
to the global defaults and be read month first (1 July). This module is found
first through ``FORMAT_MODULE_PATH`` and defines every value, so nothing falls
through to Django's vi module or the global defaults.

Conventions: day first, zero padded, "/" between parts ("07/01/2021"), 24-hour
time ("14:30"), date before time ("07/01/2021 14:30", as Vietnamese news sites
print it, and the same shape staff type back), weeks starting on Monday,
"1.234,5" for numbers.

The *_FORMAT strings use Django's date format syntax,
see https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date
The *_INPUT_FORMATS strings use Python's strptime syntax.
"""

# Display: {{ value|date }}, admin read-only fields and change lists.
DATE_FORMAT = "d/m/Y"  # 07/01/2021
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "d/m/Y H:i"  # 07/01/2021 14:30
# Lower case so it reads inside a sentence ("phiên họp tháng 01/2021"); the
# admin's date hierarchy capitalises it itself ("Tháng 01/2021").
YEAR_MONTH_FORMAT = r"\t\h\á\n\g m/Y"
MONTH_DAY_FORMAT = "d/m"  # 07/01
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"

# Monday; used by the admin calendar widget through the JavaScript catalog.
FIRST_DAY_OF_WEEK = 1

# Input: tried in order. The FIRST entry is also the one used to render a
# value into a form field and the one the admin calendar/clock widgets write,
# so it must be the day-first Vietnamese form. Python's %d and %m also accept
# one digit ("7/1/2021"); %Y needs four digits, so "07/01/21" falls through to
# %y. ISO (yyyy-mm-dd) stays accepted for pasted values and HTML date inputs.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 07/01/2021, 7/1/2021
    "%d/%m/%y",  # 07/01/21
    "%d-%m-%Y",  # 07-01-2021
    "%d.%m.%Y",  # 07.01.2021
    "%Y-%m-%d",  # 2021-01-07
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
    "%Hh%M",  # 14h30
    "%Hh",  # 14h
]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}"
    for date in DATE_INPUT_FORMATS
    for time in ("%H:%M", "%H:%M:%S", "%H:%M:%S.%f", "%Hh%M")
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
