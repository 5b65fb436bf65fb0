"""Splits push-notification text into parts that fit the gateway's per-part limit (UTF-8 bytes)."""

MIN_PART_BYTES = 4  # one UTF-8 character can take 4 bytes


def split_payload(text, max_bytes):
    """The parts of `text`, in order, each at most `max_bytes` bytes in UTF-8. A part ends only
    between characters, never inside a character's bytes, and holds as many characters as fit."""
    if max_bytes < MIN_PART_BYTES:
        raise ValueError(f"max_bytes must be at least {MIN_PART_BYTES}")
    parts = []
    current = []
    size = 0
    for char in text:
        length = len(char.encode("utf-8"))
        if size + length > max_bytes:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += length
    if current:
        parts.append("".join(current))
    return parts


def part_count(text, max_bytes):
    return len(split_payload(text, max_bytes))


def numbered(parts):
    """Parts with a "(i/n) " prefix, for clients that show them separately."""
    return [f"({index}/{len(parts)}) {part}" for index, part in enumerate(parts, start=1)]
