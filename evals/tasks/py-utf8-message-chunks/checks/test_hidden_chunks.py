import unittest

from notify.chunks import part_count, split_payload

SAMPLES = [
    "Zażółć gęślą jaźń — zamówienie nr 1234 zostało wysłane!",
    "Η παραγγελία σας στάλθηκε. Ευχαριστούμε πολύ για την προτίμηση!",
    "Party tonight 🎉🎉🎉 bring snacks 🍕🍩 and good vibes ✨👍",
    "日本語のテキストも正しく分割されるべきです。よろしくお願いします。",
    "mixed: aé€😀 " * 9,
    "plain ascii text that is long enough to need a few parts anyway",
]


def utf8_len(text):
    return len(text.encode("utf-8"))


class HiddenChunksTest(unittest.TestCase):
    def check(self, text, max_bytes):
        parts = split_payload(text, max_bytes)
        label = f"split_payload({text!r}, {max_bytes}) = {parts!r}"
        self.assertEqual("".join(parts), text, f"text lost or changed: {label}")
        for index, part in enumerate(parts):
            self.assertTrue(part, f"empty part {index}: {label}")
            self.assertLessEqual(utf8_len(part), max_bytes, f"part {index} is over the limit: {label}")
        for index in range(len(parts) - 1):
            next_char = parts[index + 1][0]
            self.assertGreater(utf8_len(parts[index] + next_char), max_bytes, f"part {index} could have held one more character: {label}")
        self.assertEqual(part_count(text, max_bytes), len(parts))

    def test_multibyte_text_keeps_every_character(self):
        for text in SAMPLES:
            for max_bytes in (4, 5, 6, 7, 10, 13, 16, 31, 64, 1000):
                self.check(text, max_bytes)

    def test_ascii_is_unchanged(self):
        self.assertEqual(split_payload("abcdefghij", 4), ["abcd", "efgh", "ij"])
        self.assertEqual(split_payload("", 10), [])
        self.check("x" * 250, 100)

    def test_emoji_at_a_boundary(self):
        self.assertEqual(split_payload("abc😀def", 4), ["abc", "😀", "def"])
        self.assertEqual(split_payload("ééé", 5), ["éé", "é"])

    def test_limit_still_checked(self):
        with self.assertRaises(ValueError):
            split_payload("abc", 3)


if __name__ == "__main__":
    unittest.main()
