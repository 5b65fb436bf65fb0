import unittest

from timeparse.durations import format_duration, parse_duration


class ParseDurationTest(unittest.TestCase):
    def test_single_units(self):
        self.assertEqual(parse_duration("45s"), 45)
        self.assertEqual(parse_duration("2m"), 120)
        self.assertEqual(parse_duration("3h"), 10800)
        self.assertEqual(parse_duration("2d"), 172800)
        self.assertEqual(parse_duration("0s"), 0)

    def test_combined_units_with_and_without_spaces(self):
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("1h 30m"), 5400)
        self.assertEqual(parse_duration("2d 4h"), 2 * 86400 + 4 * 3600)
        self.assertEqual(parse_duration("1d2h3m4s"), 86400 + 7200 + 180 + 4)
        self.assertEqual(parse_duration("  10m  "), 600)

    def test_fractions_round_to_the_nearest_second(self):
        self.assertEqual(parse_duration("1.5h"), 5400)
        self.assertEqual(parse_duration("0.5s"), 1)
        self.assertEqual(parse_duration("1.4s"), 1)
        self.assertEqual(parse_duration("2.6s"), 3)
        self.assertEqual(parse_duration("0.25m"), 15)

    def test_returns_an_int(self):
        self.assertIsInstance(parse_duration("1.5h"), int)

    def test_rejects_blank_and_bare_numbers(self):
        for text in ["", "   ", "90", "1h30", "1.5"]:
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_duration(text)

    def test_rejects_unknown_units_and_stray_text(self):
        for text in ["5x", "5m!", "abc", "1w", "5M", "1H", "five minutes", "5m and 3s", "m5"]:
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_duration(text)

    def test_rejects_repeated_or_out_of_order_units(self):
        for text in ["30m1h", "1m1m", "5s 1m", "1h 2d"]:
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_duration(text)

    def test_rejects_negative_numbers(self):
        with self.assertRaises(ValueError):
            parse_duration("-5m")

    def test_rejects_non_strings(self):
        with self.assertRaises(TypeError):
            parse_duration(90)


class FormatDurationTest(unittest.TestCase):
    def test_zero(self):
        self.assertEqual(format_duration(0), "0s")

    def test_units_largest_first_separated_by_spaces(self):
        self.assertEqual(format_duration(45), "45s")
        self.assertEqual(format_duration(5400), "1h 30m")
        self.assertEqual(format_duration(90061), "1d 1h 1m 1s")

    def test_zero_units_are_left_out(self):
        self.assertEqual(format_duration(3600), "1h")
        self.assertEqual(format_duration(86405), "1d 5s")
        self.assertEqual(format_duration(172800), "2d")

    def test_round_trips_through_parse(self):
        for seconds in [1, 59, 60, 61, 3599, 3600, 86399, 86400, 90061, 1000000]:
            with self.subTest(seconds=seconds):
                self.assertEqual(parse_duration(format_duration(seconds)), seconds)

    def test_rejects_negative_numbers(self):
        with self.assertRaises(ValueError):
            format_duration(-1)

    def test_rejects_non_ints(self):
        for value in [1.5, "60", True, None]:
            with self.subTest(value=value), self.assertRaises(TypeError):
                format_duration(value)


if __name__ == "__main__":
    unittest.main()
