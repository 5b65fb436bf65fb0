import unittest

from timeparse.durations import format_duration, parse_duration


class ParseDurationTest(unittest.TestCase):
    def test_parses_minutes_and_seconds(self):
        self.assertEqual(parse_duration("45s"), 45)
        self.assertEqual(parse_duration("2m"), 120)

    def test_parses_combined_units(self):
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("1.5h"), 5400)

    def test_rejects_garbage(self):
        with self.assertRaises(ValueError):
            parse_duration("five minutes")


class FormatDurationTest(unittest.TestCase):
    def test_formats(self):
        self.assertEqual(format_duration(0), "0s")
        self.assertEqual(format_duration(5400), "1h 30m")
        self.assertEqual(format_duration(45), "45s")

    def test_round_trip(self):
        self.assertEqual(parse_duration(format_duration(3725)), 3725)


if __name__ == "__main__":
    unittest.main()
