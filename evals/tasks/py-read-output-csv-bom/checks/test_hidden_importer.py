import unittest
from decimal import Decimal
from pathlib import Path

from orders.importer import read_orders

DATA = Path(__file__).parent / "data"


class HiddenImporterTest(unittest.TestCase):
    def test_back_office_exports_with_a_byte_order_mark(self):
        orders = read_orders(DATA / "export_with_bom.csv")
        self.assertEqual([order["order_id"] for order in orders], [2001, 2002, 2003, 2004])
        orders = read_orders(DATA / "april_with_bom.csv")
        self.assertEqual(orders, [
            {"order_id": 3001, "customer": "Élodie Rousseau", "amount": Decimal("8.40"), "currency": "EUR"},
            {"order_id": 3002, "customer": "山田 太郎", "amount": Decimal("1200.00"), "currency": "JPY"},
        ])

    def test_exports_without_a_byte_order_mark(self):
        self.assertEqual(read_orders(DATA / "may_without_bom.csv"), [
            {"order_id": 4001, "customer": "Björn Berg", "amount": Decimal("3.30"), "currency": "SEK"},
        ])

    def test_a_missing_column_is_still_reported(self):
        with self.assertRaises(ValueError) as caught:
            read_orders(DATA / "bad_header_with_bom.csv")
        self.assertIn("customer", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
