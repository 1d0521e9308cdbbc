"""normalize_text: one spelling for the many ways the same Chinese text gets typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wuchuan_check.reading.textnorm import cjk_count, has_traditional, normalize_text


@pytest.mark.parametrize(
    "variant",
    ["2015—2020", "2015–2020", "2015－2020", "2015‐2020", "2015~2020", "2015～2020", "2015 — 2020",
     "２０１５—２０２０", "2015――2020", "2015——2020", "2015-2020"],
)
def test_year_ranges_use_one_dash(variant: str) -> None:
    assert normalize_text(f"实施纲要({variant}年)") == "实施纲要(2015-2020年)"


def test_outline_title_typed_two_ways_compares_equal() -> None:
    a = normalize_text("《法治政府建设实施纲要（２０１５—２０２０年）》")
    b = normalize_text("《法治政府建设实施纲要(2015-2020年)》")
    assert a == b == "《法治政府建设实施纲要(2015-2020年)》"


def test_full_width_letters_digits_and_symbols_become_half_width() -> None:
    assert normalize_text("ＡＢＣ１２３％＋．") == "ABC123%+."


def test_chinese_punctuation_is_kept() -> None:
    s = "一、依法行政，严格执法；规范文件：《条例》。是否？好！"
    assert normalize_text(s) == s


@pytest.mark.parametrize("quoted", ["“放管服”", "「放管服」", '"放管服"', "＂放管服＂", "〝放管服〞"])
def test_quotes_are_unified(quoted: str) -> None:
    assert normalize_text(f"深化{quoted}改革") == "深化“放管服”改革"


def test_single_quotes_are_unified() -> None:
    assert normalize_text("『双随机』") == normalize_text("‘双随机’") == "‘双随机’"


def test_whitespace_is_collapsed_and_removed_between_chinese_characters() -> None:
    assert normalize_text("武\u3000川\u00a0县  人民 政府") == "武川县人民政府"
    assert normalize_text("  the   web  site ") == "the web site"
    assert normalize_text("第 12 号") == "第 12 号"  # digits next to Chinese keep their space


def test_zero_width_and_control_characters_are_removed() -> None:
    assert normalize_text("法\u200b治\ufeff政\u200d府\x07建设") == "法治政府建设"


def test_newlines_are_kept_one_for_one() -> None:
    s = "第一行 \r\n\u3000第二行\r\n\n第四行\u200b\n"
    out = normalize_text(s)
    assert out.split("\n") == ["第一行", "第二行", "", "第四行", ""]


def test_traditional_is_converted_to_simplified() -> None:
    assert normalize_text("法治政府建設實施綱要，嚴格規範公正文明執法") == "法治政府建设实施纲要，严格规范公正文明执法"


def test_simplified_text_is_detected_as_not_traditional() -> None:
    assert not has_traditional("法治政府建设实施纲要，严格规范公正文明执法，于是乎后来")
    assert has_traditional("法治政府建設")


def test_normalisation_is_idempotent_on_every_seed(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_bytes().decode("gb18030" if ".gb18030." in path.name else "utf-8")
        once = normalize_text(text)
        assert normalize_text(once) == once, path.name
        assert once.count("\n") == text.replace("\r\n", "\n").count("\n"), path.name


def test_seed_keeps_its_chinese_characters(seed: Callable[[str], Path]) -> None:
    text = seed("004").read_text(encoding="utf-8")
    assert cjk_count(normalize_text(text)) == cjk_count(text)


def test_empty_input() -> None:
    assert normalize_text("") == ""
    assert normalize_text(" \u3000 ") == ""
