"""Hidden tests: paging of GET /items."""

import unittest
from urllib.parse import parse_qs, urlsplit

from inventory.api import handle
from inventory.store import Store


def parse_link(value):
    """('/items', {'page': '2', ...}) from a link, so parameter order does not matter."""
    url = urlsplit(value)
    return url.path, {key: values[0] for key, values in parse_qs(url.query).items()}


class HiddenPagingTest(unittest.TestCase):
    def setUp(self):
        # 45 items: ids 1..45; odd ids are "tools" (23), even ids "supplies" (22)
        self.store = Store([(f"Item {n}", "tools" if n % 2 else "supplies", n) for n in range(1, 46)])

    def get(self, **query):
        return handle(self.store, "GET", "/items", {key: str(value) for key, value in query.items()})

    def test_defaults(self):
        status, payload = self.get()
        self.assertEqual(status, 200)
        self.assertEqual([item["id"] for item in payload["items"]], list(range(1, 21)))
        self.assertEqual(payload["page"], 1)
        self.assertEqual(payload["per_page"], 20)
        self.assertEqual(payload["total"], 45)
        self.assertIsNone(payload["prev"])
        self.assertEqual(parse_link(payload["next"]), ("/items", {"page": "2", "per_page": "20"}))

    def test_items_keep_their_shape(self):
        item = self.get(per_page=1)[1]["items"][0]
        self.assertEqual(item, {"id": 1, "name": "Item 1", "category": "tools", "quantity": 1})

    def test_middle_and_last_page(self):
        payload = self.get(page=2)[1]
        self.assertEqual([item["id"] for item in payload["items"]], list(range(21, 41)))
        self.assertEqual(parse_link(payload["prev"]), ("/items", {"page": "1", "per_page": "20"}))
        self.assertEqual(parse_link(payload["next"]), ("/items", {"page": "3", "per_page": "20"}))
        last = self.get(page=3)[1]
        self.assertEqual([item["id"] for item in last["items"]], [41, 42, 43, 44, 45])
        self.assertIsNone(last["next"])
        self.assertEqual(last["total"], 45)

    def test_exact_multiple_has_no_next(self):
        payload = self.get(page=3, per_page=15)[1]
        self.assertEqual(len(payload["items"]), 15)
        self.assertIsNone(payload["next"], "the last page of 45 items at 15 per page links to an empty page")
        payload = self.get(page=1, per_page=45)[1]
        self.assertEqual(len(payload["items"]), 45)
        self.assertIsNone(payload["next"])

    def test_past_the_end_is_empty(self):
        status, payload = self.get(page=9)
        self.assertEqual(status, 200)
        self.assertEqual(payload["items"], [])
        self.assertIsNone(payload["next"])

    def test_category_is_kept_in_links_and_total(self):
        payload = self.get(category="supplies", per_page=5, page=2)[1]
        self.assertEqual([item["id"] for item in payload["items"]], [12, 14, 16, 18, 20])
        self.assertEqual(payload["total"], 22)
        self.assertEqual(parse_link(payload["next"]), ("/items", {"category": "supplies", "page": "3", "per_page": "5"}))
        self.assertEqual(parse_link(payload["prev"]), ("/items", {"category": "supplies", "page": "1", "per_page": "5"}))

    def test_per_page_bounds(self):
        self.assertEqual(len(self.get(per_page=100)[1]["items"]), 45)
        self.assertEqual(self.get(per_page=1)[1]["next"] is not None, True)
        for query in ({"per_page": 101}, {"per_page": 0}, {"page": 0}, {"page": -1}, {"page": "two"}, {"per_page": "2.5"}):
            status, payload = self.get(**query)
            self.assertEqual(status, 400, query)
            self.assertIsInstance(payload.get("error"), str, query)

    def test_empty_store(self):
        status, payload = handle(Store(), "GET", "/items", {})
        self.assertEqual(status, 200)
        self.assertEqual((payload["items"], payload["total"], payload["next"], payload["prev"]), ([], 0, None, None))

    def test_other_routes_unchanged(self):
        self.assertEqual(handle(self.store, "GET", "/items/7")[1]["name"], "Item 7")
        self.assertEqual(handle(self.store, "POST", "/items", body={"name": "Clamp", "category": "tools", "quantity": 2})[0], 201)


if __name__ == "__main__":
    unittest.main()
