"""Paging of list endpoints: ?page= (from 1) and ?per_page= (1..MAX_PER_PAGE)."""

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


class PagingError(ValueError):
    pass


def _whole_number(query, name, default):
    raw = query.get(name)
    if raw is None:
        return default
    raw = str(raw).strip()
    if not raw.isdigit():
        raise PagingError(f"{name} must be a whole number")
    return int(raw)


def parse_paging(query):
    """(page, per_page) from the query, or PagingError."""
    page = _whole_number(query, "page", 1)
    per_page = _whole_number(query, "per_page", DEFAULT_PER_PAGE)
    if page < 1:
        raise PagingError("page must be at least 1")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise PagingError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    return page, per_page


def page_of(items, page, per_page):
    """The items on `page`, and whether pages come before and after it."""
    start = (page - 1) * per_page
    return items[start:start + per_page], page > 1, start + per_page < len(items)
