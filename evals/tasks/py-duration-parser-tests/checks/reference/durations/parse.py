"""Human durations: "90s", "1h30m", "2d 4h", "1.5h" <-> seconds."""

import re

UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")


def parse_duration(text):
    """Seconds (an int) in `text`.

    - Parts are a number and a unit: d, h, m or s (lower or upper case), e.g. "2d4h", "1h 30m".
    - Spaces between and around parts are allowed; each unit may appear once, largest first.
    - A number may have a fraction ("1.5h"); the total is rounded to the nearest second.
    - A bare number is seconds ("45" is 45).
    - Empty text, unknown units, repeated or out-of-order units raise ValueError.
    """
    if not isinstance(text, str):
        raise TypeError("duration must be a string")
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError("empty duration")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    total = 0.0
    position = 0
    last_unit = None
    for match in _PART.finditer(cleaned):
        if cleaned[position:match.start()].strip():
            raise ValueError(f"cannot parse {text!r}")
        unit = match.group(2)
        if last_unit is not None and UNITS[unit] >= UNITS[last_unit]:
            raise ValueError(f"units out of order or repeated in {text!r}")
        total += float(match.group(1)) * UNITS[unit]
        last_unit = unit
        position = match.end()
    if last_unit is None or cleaned[position:].strip():
        raise ValueError(f"cannot parse {text!r}")
    return int(round(total))


def format_duration(seconds):
    """The shortest text for `seconds` (a non-negative int): 5400 -> "1h30m", 0 -> "0s"."""
    if not isinstance(seconds, int) or seconds < 0:
        raise ValueError("seconds must be a non-negative int")
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
