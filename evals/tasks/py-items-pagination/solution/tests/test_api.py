import unittest

from inventory.api import handle, link
from inventory.store import Store


def make_store():
    return Store([("Hex key set", "tools", 12), ("Cordless drill", "tools", 3), ("Wood glue", "supplies", 40)])


class ListItemsTest(unittest.TestCase):
    def test_lists_all_items_by_id(self):
        status, payload = handle(make_store(), "GET", "/items")
        self.assertEqual(status, 200)
        self.assertEqual([item["id"] for item in payload["items"]], [1, 2, 3])

    def test_filters_by_category(self):
        status, payload = handle(make_store(), "GET", "/items", {"category": "supplies"})
        self.assertEqual(status, 200)
        self.assertEqual([item["name"] for item in payload["items"]], ["Wood glue"])


class PagingTest(unittest.TestCase):
    def setUp(self):
        self.store = Store([(f"Item {n}", "tools" if n % 2 else "supplies", n) for n in range(1, 46)])

    def test_first_page_by_default(self):
        status, payload = handle(self.store, "GET", "/items")
        self.assertEqual(status, 200)
        self.assertEqual(len(payload["items"]), 20)
        self.assertEqual((payload["page"], payload["per_page"], payload["total"]), (1, 20, 45))
        self.assertEqual(payload["next"], "/items?page=2&per_page=20")
        self.assertIsNone(payload["prev"])

    def test_last_page_and_category(self):
        payload = handle(self.store, "GET", "/items", {"category": "tools", "per_page": "10", "page": "3"})[1]
        self.assertEqual([item["id"] for item in payload["items"]], [41, 43, 45])
        self.assertEqual(payload["total"], 23)
        self.assertIsNone(payload["next"])
        self.assertEqual(payload["prev"], "/items?category=tools&page=2&per_page=10")

    def test_exact_multiple_has_no_next_page(self):
        payload = handle(self.store, "GET", "/items", {"per_page": "15", "page": "3"})[1]
        self.assertEqual(len(payload["items"]), 15)
        self.assertIsNone(payload["next"])

    def test_bad_values(self):
        for query in ({"page": "0"}, {"page": "x"}, {"per_page": "101"}, {"per_page": "0"}, {"page": "1.5"}):
            self.assertEqual(handle(self.store, "GET", "/items", query)[0], 400, query)


class ItemTest(unittest.TestCase):
    def test_get_and_missing(self):
        store = make_store()
        self.assertEqual(handle(store, "GET", "/items/2")[1]["name"], "Cordless drill")
        self.assertEqual(handle(store, "GET", "/items/99")[0], 404)
        self.assertEqual(handle(store, "GET", "/items/abc")[0], 404)

    def test_create(self):
        store = make_store()
        status, item = handle(store, "POST", "/items", body={"name": "Clamp", "category": "tools", "quantity": 5})
        self.assertEqual((status, item["id"]), (201, 4))
        self.assertEqual(handle(store, "POST", "/items", body={"name": "Clamp", "category": "tools", "quantity": -1})[0], 400)


class LinkTest(unittest.TestCase):
    def test_link(self):
        self.assertEqual(link("/items"), "/items")
        self.assertEqual(link("/items", category="tools", page=None), "/items?category=tools")


if __name__ == "__main__":
    unittest.main()
