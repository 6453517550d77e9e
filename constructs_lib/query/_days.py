"""Days as the table's date partition writes them (``yyyy/MM/dd``), checked."""

import datetime
import re

from .._shared.errors import ConfigurationError

# Java DateTimeFormatter pattern of the date partition, and the same as Python and a regex.
DAY_FORMAT = "yyyy/MM/dd"
_PYTHON_DAY_FORMAT = "%Y/%m/%d"
_DAY = re.compile(r"\d{4}/\d{2}/\d{2}")


def parse_day(value: str | datetime.date, *, parameter: str) -> datetime.date:
    """A day given as ``'yyyy/MM/dd'`` (how CloudTrail names its folders) or a ``datetime.date``."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return datetime.datetime.strptime(value, _PYTHON_DAY_FORMAT).date()
        except ValueError:
            pass
    raise ConfigurationError(
        f"{parameter} {value!r} is not a day in the form {DAY_FORMAT} (CloudTrail's folder names, for "
        f"example '2026/01/31'). Pass a real calendar day as 'yyyy/MM/dd' or a datetime.date."
    )


def format_day(day: datetime.date) -> str:
    """``2026/01/31``."""
    return day.strftime(_PYTHON_DAY_FORMAT)


def check_day_range(first_day, last_day, *, first: str = "first_day", last: str = "last_day") -> tuple[str, str]:
    """Both days well formed and the first not after the last; returns them as ``yyyy/MM/dd``."""
    start, end = parse_day(first_day, parameter=first), parse_day(last_day, parameter=last)
    if start > end:
        raise ConfigurationError(
            f"{first} {format_day(start)} is after {last} {format_day(end)}, so the range holds no day and "
            f"the query would find nothing. Swap them, or pass the same day twice for a single day."
        )
    return format_day(start), format_day(end)
