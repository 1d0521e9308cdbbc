"""Reading's fast character counts and scans (formats' `implausible_text` counts, textnorm's
has_cjk, gazetteer's division scan) against their plain per-character definitions: they must give
the same answer on any input, so no verdict on a file depends on which way it was counted."""

from __future__ import annotations

import random
import unicodedata

from wuchuan_check.reading import formats

# The per-character definitions the counts replace (as they read before the regex counts).
TEXT_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x4FF), (0x2000, 0x2BFF), (0x2E80, 0x33FF),
               (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))


def slow_unreadable(s: str) -> int:
    return sum(1 for c in s if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs"))


def slow_text_chars(s: str) -> int:
    return sum(1 for c in s if any(lo <= ord(c) <= hi for lo, hi in TEXT_RANGES))


def slow_everyday(c: str) -> bool:
    try:
        return 0xB0 <= c.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def every_char(lo: int, hi: int) -> str:
    return "".join(chr(o) for o in range(lo, hi + 1) if not 0xD800 <= o <= 0xDFFF)


def test_plain_runs_hold_no_unreadable_character() -> None:
    # The fast path skips these characters without looking them up: each must be readable.
    plain = "".join(formats._PLAIN_RUN.findall(every_char(0, 0xFFFF)))
    assert len(plain) > 20_000
    assert slow_unreadable(plain) == 0


def test_unreadable_count_matches_the_definition_on_tricky_text() -> None:
    rng = random.Random(7)
    pools = [every_char(0, 0x4FF), every_char(0x2000, 0x33FF), every_char(0x4E00, 0x9FFF),
             every_char(0xE000, 0xF8FF), every_char(0xFB00, 0xFFFF), "\ufffd\x00\x7f\x85\u0378\U000e0001\U0010fffd"]
    for _ in range(200):
        s = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 300)))
        assert formats._unreadable_count(s) == slow_unreadable(s)
    assert formats._unreadable_count("年度报告\x00\ue000\u0378\ufffd,") == 4


def test_untexty_count_is_what_neither_chinese_nor_text_ranges_hold() -> None:
    # implausible_text counts the characters outside both sets instead of the runs inside them.
    cjk = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
    s = every_char(0, 0xFFFF) + "\U00020000\U0003134f\U00031350\U0001f600\U0010fffd"
    slow = sum(1 for c in s if not any(lo <= ord(c) <= hi for lo, hi in (*cjk, *TEXT_RANGES)))
    assert formats._untexty_count(s) == slow
    assert formats._untexty_count(s) == len(s) - slow_text_chars(s) - sum(map(len, formats._CJK_RUN.findall(s)))
    assert formats._untexty_count("法治°×Ⅰ①■,。ab\ue000\x01") == 2


def test_everyday_ratio_matches_gb2312_level_one_for_every_chinese_character() -> None:
    for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0, 0x33FF), (0xFF00, 0xFFEF)):
        for c in every_char(lo, hi):
            assert (c in formats._everyday_chars()) == slow_everyday(c), hex(ord(c))
    assert len(formats._everyday_chars()) == 3755
    assert formats._everyday_ratio("法治政府鑫") == 0.8
    assert formats._everyday_ratio("") == 0.0


def test_has_cjk_is_a_nonzero_cjk_count() -> None:
    from wuchuan_check.reading.textnorm import cjk_count, has_cjk

    for s in ["", "abc 123", "（一）", "2020年", "〇", "\u3400", "\uf900x", "\U00020000", "①②", "ａｂ", "　,。"]:
        assert has_cjk(s) == (cjk_count(s) > 0), s
    assert has_cjk("办结率100%") and not has_cjk("100% ①")


def test_find_divisions_matches_the_per_character_walk() -> None:
    # The walk it replaces: every character, a name tried only where one of the endings stands.
    from wuchuan_check.reading import gazetteer

    def slow(text: str) -> list[tuple[int, str]]:
        table, found = gazetteer._table(), []
        for i, ch in enumerate(text):
            if ch in gazetteer._ENDINGS:
                for k in range(gazetteer._MAX_NAME, 1, -1):
                    name = text[max(0, i + 1 - k):i + 1] if i + 1 - k >= 0 else None
                    if name in table and name not in gazetteer._COMMON_WORDS:
                        found.append((i + 1 - k, name))
                        break
        return found

    texts = ["江苏省淮安市淮阴区人民政府", "鄂尔多斯市杭锦旗和大同市城区、市区", "省市县区旗州盟", "",
             "内蒙古自治区呼和浩特市新城区2020年", "abc市", "市" * 30 + "昆山市"]
    for text in texts:
        assert gazetteer.find_divisions(text) == slow(text), text
    assert gazetteer.find_divisions("江苏省淮安市") == [(0, "江苏省"), (3, "淮安市")]


def test_control_ratio_counts_the_control_bytes_text_does_not_hold() -> None:
    def slow(sample: bytes) -> float:
        bad = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1A, 0x1B))
        return bad / len(sample) if sample else 0.0

    rng = random.Random(3)
    samples = [b"", bytes(range(256)), "法治政府\r\n\t报告\x0c".encode(), b"\x1a\x1b\x00\x01\x1f "]
    samples += [bytes(rng.randrange(0, 64) for _ in range(rng.randint(1, 500))) for _ in range(50)]
    for sample in samples:
        assert formats._control_ratio(sample) == slow(sample), sample[:20]
    assert formats._control_ratio(b"\x00\x01ab") == 0.5


def test_at_least_n_chinese_characters_is_the_count_compared():
    """has_cjk_at_least(s, n) answers cjk_count(s) >= n, on texts around each n it is asked for."""
    from wuchuan_check.reading.textnorm import cjk_count, has_cjk_at_least

    rng = random.Random(20)
    alphabet = "法治政府建設abc 1，。\n\u3400\u9fff\uf900\u4dc0"  # CJK at the range edges, and just outside one
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for n in (8, 15, 20):
            assert has_cjk_at_least(s, n) == (cjk_count(s) >= n), (s, n)
