"""Reads the shop back office's order exports (CSV, UTF-8, header line first). The back office
writes a byte order mark at the start of its files; "utf-8-sig" drops it (and reads files without one)."""

import csv
from decimal import Decimal

REQUIRED_COLUMNS = ("order_id", "customer", "amount", "currency")


def read_orders(path):
    """The orders in the export at `path`, as dicts with order_id (int), customer (str),
    amount (Decimal) and currency (str)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; the header is {header!r}")
        return [
            {
                "order_id": int(row["order_id"]),
                "customer": row["customer"].strip(),
                "amount": Decimal(row["amount"]),
                "currency": row["currency"].strip().upper(),
            }
            for row in reader
        ]


def total_by_currency(orders):
    totals = {}
    for order in orders:
        totals[order["currency"]] = totals.get(order["currency"], Decimal("0")) + order["amount"]
    return totals
