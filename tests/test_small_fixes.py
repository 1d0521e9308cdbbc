"""Small things a user hits: jieba's shared cache, a banner's level, an IME dash, a broken mapping."""

from __future__ import annotations

import logging
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wuchuan_check.api import parse_level
from wuchuan_check.checklist import mapping
from wuchuan_check.checklist.selection import outline_name
from wuchuan_check.cli import app
from wuchuan_check.reading.document import Level
from wuchuan_check.scoring import segment

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_jieba_cache_is_per_user_not_the_shared_tmp_file(tmp_path, monkeypatch, caplog):
    """Another user's /tmp/jieba.cache (here: something we cannot replace) must not matter."""
    shared_tmp = tmp_path / "tmp"
    (shared_tmp / "jieba.cache").mkdir(parents=True)  # jieba can neither read nor replace it
    monkeypatch.setattr("tempfile.tempdir", str(shared_tmp))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tk = segment.new_tokenizer()
    with caplog.at_level(logging.WARNING, logger="jieba"):
        assert tk.lcut("旁听庭审", HMM=False) == ["旁听", "庭审"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], "no 'Dump cache file failed' traceback"
    cache = tmp_path / "cache" / "wuchuan-check" / "jieba.cache"
    assert cache.is_file()
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700


def test_the_baselines_tokenizer_has_the_dictionary_it_would_load_itself():
    """The baseline's tokenizer copies the default tokenizer's loaded dictionary instead of loading
    its own: the words and frequencies must be those of one that loads it, and it must still keep
    the checklist's terms whole and leave the default tokenizer's splits alone."""
    shared = segment._term_tokenizer()
    own = segment.new_tokenizer()
    own.check_initialized()  # loads the dictionary itself
    segment._with_terms(own)
    assert len(shared.FREQ) > 300_000 and (shared.FREQ, shared.total) == (own.FREQ, own.total)
    assert shared.FREQ is not segment._jieba().dt.FREQ
    assert "三项制度" in shared.lcut("全面推行行政执法三项制度")
    assert "三项制度" not in segment._jieba().lcut("全面推行行政执法三项制度")


@pytest.mark.parametrize("word, level", [("旗", Level.COUNTY), ("自治县", Level.COUNTY), ("盟", Level.CITY)])
def test_banner_and_league_levels(word, level):
    assert parse_level(word) is level


@pytest.mark.parametrize("typed", ["2015—2020", "2015–2020", "2015－2020", "2015-2020年", "2015年—2020年", "2015~2020"])
def test_outline_years_with_an_ime_dash(typed):
    assert outline_name(typed) == "2015-2020"


def test_cli_accepts_banner_level_and_ime_dash():
    result = invoke("score", EXAMPLES / "county-annual-2019.txt", "--level", "旗", "--outline", "2015—2020", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"level": "county"' in result.stdout and '"id": "2015-2020"' in result.stdout


def test_outline_file_named_like_years_is_still_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("2015—2020").write_text("x", encoding="utf-8")
    assert outline_name("2015—2020") == "2015—2020"


def test_compare_names_a_broken_mapping_file(tmp_path, monkeypatch):
    """A 2020 and a 2023 report use two outlines: compare needs the mapping file, and says what is wrong with it."""
    folder = tmp_path / "outline"
    shutil.copytree(Path(str(mapping.outline_folder())), folder)
    broken = folder / "mapping-2015-2020_2021-2025.yaml"
    broken.write_text("schema: wuchuan-check/mapping/v1\nfrom: 2015-2020\nto: 2021-2025\npairs: [oops\n", encoding="utf-8")
    monkeypatch.setattr(mapping, "outline_folder", lambda: folder)
    later = tmp_path / "2023.txt"  # the same sample, reporting on 2023: scored against 2021-2025
    later.write_text((EXAMPLES / "county-annual-2019.txt").read_text(encoding="utf-8").replace("2019", "2023"), encoding="utf-8")
    result = invoke("compare", EXAMPLES / "county-selfcheck-2020.txt", later)
    assert result.exit_code == 2, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert "mapping-2015-2020_2021-2025.yaml" in line and "no mapping" not in line
