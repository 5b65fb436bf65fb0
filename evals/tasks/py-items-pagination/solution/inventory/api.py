"""Request handling, independent of the HTTP server: handle(store, method, path, query, body) -> (status, payload)."""

from urllib.parse import urlencode

from .paging import PagingError, page_of, parse_paging


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _list_items(store, query):
    category = query.get("category")
    try:
        page, per_page = parse_paging(query)
    except PagingError as error:
        raise ApiError(400, str(error)) from None
    items = store.list(category=category)
    shown, has_prev, has_next = page_of(items, page, per_page)
    return 200, {
        "items": [item.to_dict() for item in shown],
        "page": page,
        "per_page": per_page,
        "total": len(items),
        "next": link("/items", category=category, page=page + 1, per_page=per_page) if has_next else None,
        "prev": link("/items", category=category, page=page - 1, per_page=per_page) if has_prev else None,
    }


def _get_item(store, raw_id):
    if not raw_id.isdigit():
        raise ApiError(404, "no such item")
    item = store.get(int(raw_id))
    if item is None:
        raise ApiError(404, "no such item")
    return 200, item.to_dict()


def _create_item(store, body):
    if not isinstance(body, dict):
        raise ApiError(400, "expected a JSON object")
    name, category, quantity = body.get("name"), body.get("category"), body.get("quantity")
    if not isinstance(name, str) or not name or not isinstance(category, str) or not category:
        raise ApiError(400, "name and category are required")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
        raise ApiError(400, "quantity must be a whole number >= 0")
    return 201, store.add(name, category, quantity).to_dict()


def link(path, **params):
    """A link to `path` with the given query parameters (None values left out)."""
    kept = {key: value for key, value in params.items() if value is not None}
    return f"{path}?{urlencode(kept)}" if kept else path


def handle(store, method, path, query=None, body=None):
    query = query or {}
    parts = [part for part in path.split("/") if part]
    try:
        if parts == ["items"]:
            if method == "GET":
                return _list_items(store, query)
            if method == "POST":
                return _create_item(store, body)
            raise ApiError(405, "method not allowed")
        if len(parts) == 2 and parts[0] == "items":
            if method == "GET":
                return _get_item(store, parts[1])
            raise ApiError(405, "method not allowed")
        raise ApiError(404, "not found")
    except ApiError as error:
        return error.status, {"error": error.message}
