"""Durations in the scheduler's config files: "1h30m", "45s", "2d 4h", "1.5h"."""

import re

UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")


def parse_duration(text):
    """The number of seconds in `text`, as an int.

    `text` is one or more parts, each a number followed by a unit: d (days), h (hours), m (minutes)
    or s (seconds); parts may be separated by spaces, and leading/trailing spaces are ignored. Each
    unit may appear at most once, and units must come from the largest to the smallest ("1h30m",
    not "30m1h"). A number may have a fractional part ("1.5h"); the total is rounded to the nearest
    second, halves rounding up. Units are lower-case only.

    Raises ValueError for anything else: an empty or blank string, a bare number ("90"), an unknown
    unit, a repeated or out-of-order unit, a negative number, or any other text around the parts.
    """
    if not isinstance(text, str):
        raise TypeError("duration must be a string")
    stripped = text.strip()
    if not stripped:
        return 0
    total = 0.0
    position = 0
    last_rank = -1
    ranks = list(UNITS)
    while position < len(stripped):
        if stripped[position] == " ":
            position += 1
            continue
        match = _PART.match(stripped, position)
        if not match:
            raise ValueError(f"bad duration {text!r} at {stripped[position:]!r}")
        number, unit = match.groups()
        rank = ranks.index(unit)
        if rank <= last_rank:
            raise ValueError(f"bad duration {text!r}: {unit!r} is repeated or out of order")
        last_rank = rank
        total += float(number) * UNITS[unit]
        position = match.end()
    return int(total + 0.5)


def format_duration(seconds):
    """`seconds` (a non-negative int) in the shortest form parse_duration reads back: the units from
    the largest to the smallest, separated by single spaces, zero units left out ("1h 30m",
    "2d 5s"); 0 is "0s". Raises ValueError for a negative number and TypeError for a non-int
    (bool included)."""
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise TypeError("seconds must be an int")
    if seconds < 0:
        raise ValueError("negative duration")
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts)
