import random
import unittest

from releases.versions import is_upgrade, latest, parse, sort_versions

# semver.org section 11's example, and more.
ORDERED = [
    "0.9.9",
    "0.10.0",
    "1.0.0-0",
    "1.0.0-2",
    "1.0.0-10",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.2.0",
    "1.9.0",
    "1.10.0",
    "1.10.2",
    "1.10.10",
    "2.0.0-rc.2",
    "2.0.0-rc.10",
    "2.0.0",
    "10.0.0",
]


class HiddenVersionsTest(unittest.TestCase):
    def test_semver_precedence(self):
        for seed in range(5):
            shuffled = ORDERED[:]
            random.Random(seed).shuffle(shuffled)
            self.assertEqual(sort_versions(shuffled), ORDERED)

    def test_each_neighbour_is_an_upgrade(self):
        for older, newer in zip(ORDERED, ORDERED[1:]):
            self.assertTrue(is_upgrade(older, newer), f"{newer} should be newer than {older}")
            self.assertFalse(is_upgrade(newer, older), f"{older} should be older than {newer}")

    def test_prefix_and_v_and_build_metadata(self):
        self.assertEqual(sort_versions(["v1.10.0", "v1.9.0"]), ["v1.9.0", "v1.10.0"])
        self.assertFalse(is_upgrade("1.0.0+build.1", "1.0.0+build.2"))
        self.assertFalse(is_upgrade("1.0.0+build.2", "1.0.0+build.1"))
        self.assertEqual(sort_versions(["1.0.0+b", "1.0.0+a"]), ["1.0.0+b", "1.0.0+a"])  # equal: stable
        self.assertTrue(is_upgrade("1.0.0-rc.1+build.9", "1.0.0"))

    def test_latest(self):
        self.assertEqual(latest(["1.9.0", "1.10.0", "1.2.0"]), "1.10.0")
        self.assertEqual(latest(["2.0.0-rc.2", "2.0.0-rc.10", "1.10.0"], include_prereleases=True), "2.0.0-rc.10")
        self.assertEqual(latest(["2.0.0-rc.2", "2.0.0-rc.10", "1.10.0"]), "1.10.0")
        self.assertEqual(latest(["3.0.0-beta", "3.0.0-alpha.7"], include_prereleases=True), "3.0.0-beta")
        self.assertIsNone(latest(["2.0.0-rc.1"]))

    def test_parse_is_unchanged(self):
        self.assertEqual(parse("v1.2.3"), ("1", "2", "3", None))
        self.assertEqual(parse("1.2.3-beta.1+build.5"), ("1", "2", "3", "beta.1"))
        for bad in ["1.2", "1.2.3-", "x.y.z", "1.2.3.4"]:
            with self.assertRaises(ValueError):
                parse(bad)


if __name__ == "__main__":
    unittest.main()
