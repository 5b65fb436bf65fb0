import unittest
from decimal import Decimal
from pathlib import Path

from orders.importer import read_orders, total_by_currency

DATA = Path.cwd() / "tests" / "data"


class ImporterTest(unittest.TestCase):
    def test_february(self):
        orders = read_orders(DATA / "february.csv")
        self.assertEqual([order["order_id"] for order in orders], [1001, 1002, 1003])
        self.assertEqual(total_by_currency(orders), {"EUR": Decimal("24.99"), "USD": Decimal("42.50")})

    def test_march(self):
        orders = read_orders(DATA / "march.csv")
        self.assertEqual([order["order_id"] for order in orders], [2001, 2002, 2003, 2004])
        self.assertEqual([order["customer"] for order in orders], ["Zoë Martin", "Łukasz Nowak", "Renée Faure", "Sam Lee"])
        self.assertEqual(total_by_currency(orders), {"EUR": Decimal("50.00"), "USD": Decimal("100.00")})

    def test_missing_column_is_reported(self):
        with self.assertRaises(ValueError):
            read_orders(DATA / "../__init__.py")


if __name__ == "__main__":
    unittest.main()
