"""Text normalisation shared by the report reader and the checklist matcher.

`normalize_text` maps the many ways the same Chinese text gets typed (full-width digits, five
kinds of dashes, curly/corner quotes, ideographic spaces, traditional characters) onto one form,
so a checklist keyword and a report sentence that mean the same compare equal.

It never adds or removes a newline: callers normalise a whole document at once and rely on
line i of the result being line i of the input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from wuchuan_check import regexes

__all__ = ["normalize_text", "has_traditional", "to_simplified", "simplified", "cjk_count", "is_cjk"]

# Chinese punctuation that stays full-width: the sentence splitter and heading detector key on
# it, and readers expect it.
_KEEP_FULLWIDTH = set("，。、；：！？《》〈〉【】〔〕…—·")

# Full-width ASCII variants U+FF01..U+FF5E map to U+0021..U+007E, except the Chinese
# punctuation above and the quotes (handled by the quote pass).
_FULLWIDTH_TABLE: dict[int, str] = {
    cp: chr(cp - 0xFEE0)
    for cp in range(0xFF01, 0xFF5F)
    if chr(cp) not in _KEEP_FULLWIDTH and chr(cp) not in "＂＇"
}
# Characters removed outright: zero-width spaces/joiners, BOM, soft hyphen, bidi marks.
for _cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F, 0x202A, 0x202B,
            0x202C, 0x202D, 0x202E):
    _FULLWIDTH_TABLE[_cp] = ""
# Every other C0/C1 control except tab and newline.
for _cp in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
    if _cp not in (0x09, 0x0A):
        _FULLWIDTH_TABLE[_cp] = ""
# Whitespace variants become a plain space (collapsed later).
for _ch in "\t\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f":
    _FULLWIDTH_TABLE[ord(_ch)] = " "
# Dash-like characters that are not the Chinese em dash become "-"; the horizontal bar and box
# line (used as em dashes by some input methods) become "—".
for _ch in "‐‑‒–−﹣":
    _FULLWIDTH_TABLE[ord(_ch)] = "-"
for _ch in "―─━":
    _FULLWIDTH_TABLE[ord(_ch)] = "—"
# Wave dashes: the full-width tilde is already mapped to "~" above.
_FULLWIDTH_TABLE[ord("〜")] = "~"
_FULLWIDTH_TABLE[ord("\u301c")] = "~"
# Ideographic full stop variants and the small/half-width forms some OCR and PDFs produce.
_FULLWIDTH_TABLE[ord("｡")] = "。"
_FULLWIDTH_TABLE[ord("､")] = "、"
_FULLWIDTH_TABLE[ord("﹐")] = "，"
_FULLWIDTH_TABLE[ord("﹔")] = "；"
_FULLWIDTH_TABLE[ord("﹕")] = "："

# Quotes: directional forms keep their direction, mapped to the Chinese curly pair.
_OPEN_DOUBLE = "“「〝„‟"
_CLOSE_DOUBLE = "”」〞"
_OPEN_SINGLE = "‘『‚‛"
_CLOSE_SINGLE = "’』"
for _ch in _OPEN_DOUBLE:
    _FULLWIDTH_TABLE[ord(_ch)] = "“"
for _ch in _CLOSE_DOUBLE:
    _FULLWIDTH_TABLE[ord(_ch)] = "”"
for _ch in _OPEN_SINGLE:
    _FULLWIDTH_TABLE[ord(_ch)] = "‘"
for _ch in _CLOSE_SINGLE:
    _FULLWIDTH_TABLE[ord(_ch)] = "’"
# Non-directional double quotes (ASCII, full-width, ditto mark) are paired per line below.
for _ch in "＂″":
    _FULLWIDTH_TABLE[ord(_ch)] = '"'
_FULLWIDTH_TABLE[ord("＇")] = "'"

_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = regexes.compile(f"[{_CJK_RANGES}]")
_CJK_RUN_RE = regexes.compile(f"[{_CJK_RANGES}]+")
# Text that is "CJK-like" for the purpose of deleting spaces between two such characters.
_CJK_PUNCT = "，。、；：！？《》〈〉【】〔〕“”‘’（）…—·"
# The spaces after a Chinese character and before another: "(?<=[…]) +(?=[…])" written to open
# with the space, which the regex engine then scans for in C instead of trying every position.
_SPACE_BETWEEN_CJK = regexes.compile(
    f" (?<=[{_CJK_RANGES}{_CJK_PUNCT}] ) *(?=[{_CJK_RANGES}{_CJK_PUNCT}])"
)
# Two spaces or more, written "  +" rather than " {2,}": a pattern opening with a literal is
# scanned for it in C, one opening with a repeat is tried at every position (~30x slower on a report).
_MULTI_SPACE = regexes.compile(r"  +")
# Runs of the characters _FULLWIDTH_TABLE changes: translating only them is ~6x faster on a
# report than str.translate, which looks up every character of the text in the table.
_TABLE_RUNS = regexes.compile(
    "[" + "".join(re.escape(chr(cp)) for cp, out in sorted(_FULLWIDTH_TABLE.items()) if chr(cp) != out) + "]+")

# Year ranges written with any dash or wave: 2015—2020, 2015 － 2020, 2015年~2020年.
_YEAR_RANGE = regexes.compile(r"((?:19|20)\d\d)\s*(年?)\s*(?:—{1,2}|-{1,2}|~)\s*((?:19|20)\d\d)")
# Any other dash between two digits (dates like 2020—05—20, page ranges).
_DIGIT_DASH = regexes.compile(r"(?<=\d)\s*—\s*(?=\d)")

_ASCII_DOUBLE_QUOTE = regexes.compile(r'"')


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph (basic block, extension A, compatibility)."""
    return bool(_CJK_RE.match(ch))


def has_cjk(s: str) -> bool:
    """Whether `s` holds a Chinese character (`cjk_count(s) > 0` without counting them all)."""
    return _CJK_RE.search(s) is not None


# `cjk_count(s) >= n` for the counts the reader asks about: one match that stops at the n-th
# Chinese character instead of counting them all (counting was a third of build_structure).
_CJK_AT_LEAST = {n: regexes.compile(f"(?:[^{_CJK_RANGES}]*[{_CJK_RANGES}]){{{n}}}") for n in (8, 15, 20)}


def has_cjk_at_least(s: str, n: int) -> bool:
    """Whether `s` holds at least `n` Chinese characters (n: 8, 15 or 20)."""
    return _CJK_AT_LEAST[n].match(s) is not None


def cjk_count(s: str) -> int:
    """Number of Chinese characters in `s` (fast: one regex pass).

    Counts runs, not single characters: findall of one character built a list of 1-character
    strings (~80 bytes per character: a 100 MB line reached GBs)."""
    return sum(map(len, _CJK_RUN_RE.findall(s)))


def _pair_ascii_quotes(line: str) -> str:
    """Turn straight double quotes into “…” by alternation within a line."""
    if '"' not in line:
        return line
    parts = line.split('"')
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append("“" if i % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


@lru_cache(maxsize=1)
def _traditional_set() -> frozenset[str]:
    """Characters that only occur in traditional (or variant) writing, from the shipped table
    (`_traditional.py`): building it from OpenCC costs ~0.3 s per process. A set, not a regex:
    compiling a character class of ~2,500 characters cost a cold run ~10 ms."""
    from wuchuan_check.reading._traditional import TRADITIONAL

    return frozenset(TRADITIONAL)


def traditional_chars() -> str:
    """The table's source: every single character OpenCC's t2s changes, minus the few GB2312
    characters (于/於, 乾, 後 …) that also appear in ordinary simplified text."""
    converter = _converter()
    chars = [chr(cp) for cp in range(0x3400, 0x4DC0)]
    chars += [chr(cp) for cp in range(0x4E00, 0xA000)]
    chars += [chr(cp) for cp in range(0xF900, 0xFB00)]
    converted = converter.convert("\n".join(chars)).split("\n")
    return "".join(ch for ch, out in zip(chars, converted, strict=True) if ch != out and not _in_gb2312(ch))


def write_traditional_table() -> Path:
    """Regenerate `_traditional.py` (after an OpenCC upgrade; a test says when)."""
    target = Path(__file__).with_name("_traditional.py")
    chars = traditional_chars()
    lines = [chars[i:i + 60] for i in range(0, len(chars), 60)]
    body = "\n".join(f'    "{line}"' for line in lines)
    target.write_text(
        '"""Characters only traditional writing uses (generated by textnorm.write_traditional_table;\n'
        'do not edit)."""\n\nTRADITIONAL = (\n' + body + "\n)\n", encoding="utf-8")
    return target


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def _converter() -> Any:  # opencc.OpenCC; the binding ships no type stubs
    import opencc  # imported lazily: only needed when traditional text shows up

    return opencc.OpenCC("t2s")


# How many characters outside GB2312 (·, rare names) has_traditional steps over in C before it
# looks at the rest one character at a time.
_ENCODE_SKIPS = 8


def has_traditional(s: str) -> bool:
    """Cheap check whether `s` contains characters that t2s would convert.

    The table holds no GB2312 character (traditional_chars leaves them out), so text that
    encodes as GB2312 has none: the codec decides that in C, ~20x faster than a set lookup per
    character, and the set is asked only about what GB2312 lacks."""
    table = _traditional_set()
    rest = s
    for _ in range(_ENCODE_SKIPS):
        try:
            rest.encode("gb2312")
        except UnicodeEncodeError as e:
            if not table.isdisjoint(rest[e.start:e.end]):
                return True
            rest = rest[e.end:]
        else:
            return False
    return not table.isdisjoint(rest)


def to_simplified(s: str) -> str:
    """Traditional → Simplified (OpenCC t2s), line count preserved."""
    if not s:
        return s
    out = _converter().convert(s)
    if out.count("\n") != s.count("\n"):  # never observed; guard the line-alignment contract
        out = "\n".join(_converter().convert(line) for line in s.split("\n"))
    return out


def simplified(s: str) -> str:
    """`s` in simplified characters, converted only when it holds traditional ones: OpenCC's
    start-up (~25 ms) is paid by traditional text alone."""
    return to_simplified(s) if has_traditional(s) else s


def normalize_text(s: str) -> str:
    """Normalise Chinese text for display and matching; newlines are kept one-for-one.

    - full-width letters, digits and ASCII symbols → half-width (（）→(), ％→%, ．→.);
      Chinese punctuation ，。、；：！？《》 stays as is
    - dashes/waves in year ranges → "-" ("2015—2020", "2015~2020" → "2015-2020")
    - quotes → “ ” / ‘ ’ (straight quotes paired per line)
    - zero-width and control characters removed; \\u3000, nbsp, tabs → space; runs of spaces
      collapsed, spaces between two Chinese characters removed, lines stripped
    - traditional → simplified, only when traditional characters are present
    """
    if not s:
        return ""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    # NFC first so composed/decomposed forms agree; NFKC would also turn ，into "," — too much.
    s = unicodedata.normalize("NFC", s)
    s = _translate(s)
    s = _YEAR_RANGE.sub(r"\1\2-\3", s)
    if "—" in s:
        s = _DIGIT_DASH.sub("-", s)
    if '"' in s:
        s = "\n".join(_pair_ascii_quotes(line) for line in s.split("\n"))
    s = _MULTI_SPACE.sub(" ", s)
    s = _SPACE_BETWEEN_CJK.sub("", s)
    s = "\n".join(line.strip(" ") for line in s.split("\n"))  # spaces around each newline
    return simplified(s)


def _translate_run(m: re.Match[str]) -> str:
    return m.group().translate(_FULLWIDTH_TABLE)


def _translate(s: str) -> str:
    """s.translate(_FULLWIDTH_TABLE), by runs of the characters it changes. Past one run per 20
    characters str.translate is cheaper, and finishes the job (the table is idempotent)."""
    limit = len(s) // 20 + 1
    out, n = _TABLE_RUNS.subn(_translate_run, s, count=limit)
    return out.translate(_FULLWIDTH_TABLE) if n == limit else out
