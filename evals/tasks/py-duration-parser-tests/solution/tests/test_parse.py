import unittest

from durations.parse import format_duration, parse_duration


class ParseDurationTest(unittest.TestCase):
    def test_single_units(self):
        self.assertEqual(parse_duration("90s"), 90)
        self.assertEqual(parse_duration("5m"), 300)
        self.assertEqual(parse_duration("2h"), 7200)
        self.assertEqual(parse_duration("3d"), 259200)

    def test_combined_units(self):
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("1d2h3m4s"), 93784)

    def test_spaces_between_and_around_parts(self):
        self.assertEqual(parse_duration("2d 4h"), 187200)
        self.assertEqual(parse_duration("  1h  30m "), 5400)
        self.assertEqual(parse_duration("1 h 30 m"), 5400)

    def test_upper_case_units(self):
        self.assertEqual(parse_duration("1H30M"), 5400)
        self.assertEqual(parse_duration("2D"), 172800)

    def test_fractions_round_to_the_nearest_second(self):
        self.assertEqual(parse_duration("1.5h"), 5400)
        self.assertEqual(parse_duration("1.6s"), 2)
        self.assertEqual(parse_duration("0.9999m"), 60)

    def test_bare_number_is_seconds(self):
        self.assertEqual(parse_duration("45"), 45)
        self.assertEqual(parse_duration(" 7 "), 7)
        self.assertEqual(parse_duration("0"), 0)

    def test_invalid_text(self):
        for text in ["", "   ", "1x", "h", "abc", "1h 2", "1h30", "1h-30m", "m30"]:
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    parse_duration(text)

    def test_repeated_or_out_of_order_units(self):
        for text in ["1h1h", "30m1h", "1s1d", "2m 2m"]:
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    parse_duration(text)

    def test_not_a_string(self):
        with self.assertRaises(TypeError):
            parse_duration(90)


class FormatDurationTest(unittest.TestCase):
    def test_shortest_text(self):
        self.assertEqual(format_duration(0), "0s")
        self.assertEqual(format_duration(59), "59s")
        self.assertEqual(format_duration(5400), "1h30m")
        self.assertEqual(format_duration(93784), "1d2h3m4s")
        self.assertEqual(format_duration(86400), "1d")
        self.assertEqual(format_duration(86401), "1d1s")

    def test_invalid_seconds(self):
        for value in (-1, 1.5, "60"):
            with self.subTest(value=value):
                with self.assertRaises(ValueError):
                    format_duration(value)

    def test_round_trip(self):
        for seconds in (1, 61, 3599, 3600, 90061, 1000000):
            self.assertEqual(parse_duration(format_duration(seconds)), seconds)


if __name__ == "__main__":
    unittest.main()
