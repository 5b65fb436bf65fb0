"""Splits push-notification text into parts that fit the gateway's per-part limit (UTF-8 bytes)."""

MIN_PART_BYTES = 4  # one UTF-8 character can take 4 bytes


def split_payload(text, max_bytes):
    """The parts of `text`, in order, each at most `max_bytes` long. Splitting the text (not its
    bytes) keeps every character whole."""
    if max_bytes < MIN_PART_BYTES:
        raise ValueError(f"max_bytes must be at least {MIN_PART_BYTES}")
    return [text[start:start + max_bytes] for start in range(0, len(text), max_bytes)]


def part_count(text, max_bytes):
    return len(split_payload(text, max_bytes))


def numbered(parts):
    """Parts with a "(i/n) " prefix, for clients that show them separately."""
    return [f"({index}/{len(parts)}) {part}" for index, part in enumerate(parts, start=1)]
