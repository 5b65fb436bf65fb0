import unittest

from durations.parse import format_duration, parse_duration


class ParseDurationTest(unittest.TestCase):
    def test_parses_durations(self):
        self.assertEqual(parse_duration("90s"), 90)
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("2d 4h"), 187200)
        self.assertEqual(parse_duration("1.5h"), 5400)
        self.assertEqual(parse_duration("45"), 45)

    def test_rejects_garbage(self):
        with self.assertRaises(ValueError):
            parse_duration("")
        with self.assertRaises(ValueError):
            parse_duration("1x")


class FormatDurationTest(unittest.TestCase):
    def test_formats(self):
        self.assertEqual(format_duration(5400), "1h30m")
        self.assertEqual(format_duration(0), "0s")


if __name__ == "__main__":
    unittest.main()
