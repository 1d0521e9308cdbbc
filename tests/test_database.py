"""`batch --db` / `score --db` / `compare --db`: the results database read back with sqlite3."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from clirun import run_cli

from wuchuan_check.render.database import SCHEMA_VERSION, TABLES

NAMES = ["county-annual-2019.txt", "county-selfcheck-2020.txt"]


@pytest.fixture(scope="module")
def db(tmp_path_factory, examples_dir):
    """Two runs into one database: both reports, then the first one again."""
    root = tmp_path_factory.mktemp("db")
    for name in NAMES:
        shutil.copy(examples_dir / name, root / name)
    path = root / "results.sqlite"
    first = run_cli("batch", *(str(root / n) for n in NAMES), "--outline", "2015-2020", "-j", "2", "--db", str(path))
    assert first.returncode == 0, first.stderr
    second = run_cli("batch", str(root / NAMES[0]), "--outline", "2015-2020", "-j", "1", "--db", str(path))
    assert second.returncode == 0, second.stderr
    return root, path


def _query(path, sql, *args):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _columns(path, table):
    return {row[1] for row in _query(path, f"PRAGMA table_info({table})")}


def test_tables_columns_and_schema_version(db):
    _, path = db
    assert _query(path, "PRAGMA user_version")[0][0] == SCHEMA_VERSION
    names = {r[0] for r in _query(path, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert set(TABLES) | {"latest_reports"} <= names
    assert {"path", "file_sha256", "title", "issuer", "level", "year", "period_start", "outline_id", "document_kind",
            "rate_with_na", "rate_applicable", "done", "tool_version", "scored_at", "run_id"} <= _columns(path, "reports")
    assert {"measure_id", "status", "done", "applicable", "score"} <= _columns(path, "measures")
    assert {"item_id", "status", "reason", "rule", "evidence", "evidence_line", "score", "concreteness"} <= _columns(path, "items")
    assert {"indicator_id", "value", "unit", "status", "evidence_line"} <= _columns(path, "figures")
    assert {"outline_id", "item_id", "measure_id", "text"} <= _columns(path, "outline_items")


def test_outline_texts_are_stored_once_not_per_report(db):
    _, path = db
    from wuchuan_check.checklist.model import load_outline

    outline = load_outline("2015-2020")
    texts = dict(_query(path, "SELECT item_id, text FROM outline_items WHERE outline_id = '2015-2020'"))
    assert texts == {r.id: r.item.text for r in outline.items}
    titles = dict(_query(path, "SELECT measure_id, title FROM outline_measures WHERE outline_id = '2015-2020'"))
    assert titles == {m.id: m.title for _, m in outline.measures()}
    assert "text" not in _columns(path, "items")


def test_stored_report_matches_the_scorecard(db):
    root, path = db
    from wuchuan_check.api import score_file

    card = score_file(root / NAMES[0], "2015-2020")
    rows = _query(path, "SELECT id, done, partial, missing, na, rate_applicable, issuer, year FROM latest_reports WHERE path = ?",
                  str((root / NAMES[0]).resolve()))
    assert len(rows) == 1
    rid, done, partial, missing, na, rate, issuer, year = rows[0]
    t = card.tally
    assert (done, partial, missing, na) == (t.done, t.partial, t.missing, t.na)
    assert rate == pytest.approx(t.rate_applicable)
    assert issuer == card.report.meta.issuer and year == card.report.meta.year
    items = dict(_query(path, "SELECT item_id, status FROM items WHERE report_id = ?", rid))
    assert items == {i.id: i.status.value for i in card.items}
    measures = dict(_query(path, "SELECT measure_id, status FROM measures WHERE report_id = ?", rid))
    assert measures == {m.id: m.status.value for m in card.measures}
    done_item = next(i for i in card.items if i.status.value == "done")
    ev = _query(path, "SELECT evidence, evidence_line FROM items WHERE report_id = ? AND item_id = ?", rid, done_item.id)[0]
    assert ev == (done_item.best.text, done_item.best.line)
    found = [v for v in card.indicators if v.status == "found"]
    assert found and _query(path, "SELECT count(*) FROM figures WHERE report_id = ? AND status = 'found'", rid)[0][0] == len(found)


def test_two_runs_append_and_the_view_keeps_the_newest(db):
    root, path = db
    runs = _query(path, "SELECT id, reports, failures, finished_at IS NOT NULL FROM runs ORDER BY id")
    assert runs == [(1, 2, 0, 1), (2, 1, 0, 1)]
    first = str((root / NAMES[0]).resolve())
    history = _query(path, "SELECT id, run_id FROM reports WHERE path = ? ORDER BY id", first)
    assert len(history) == 2 and history[1][1] == 2
    latest = _query(path, "SELECT id FROM latest_reports ORDER BY id")
    assert len(latest) == 2 and history[1][0] in {r[0] for r in latest} and history[0][0] not in {r[0] for r in latest}


def test_compare_from_the_database_matches_compare_of_the_files(db):
    root, path = db
    rows = dict(_query(path, "SELECT path, max(id) FROM reports GROUP BY path"))
    old, new = (str(rows[str((root / n).resolve())]) for n in NAMES)
    stored = run_cli("compare", "--db", str(path), old, str(root / NAMES[1]))
    assert stored.returncode == 0, stored.stderr
    files = run_cli("compare", "--outline", "2015-2020", *(str(root / n) for n in NAMES))
    assert stored.stdout == files.stdout and "变化统计" in stored.stdout
    csv_db, csv_files = root / "db.csv", root / "files.csv"
    run_cli("compare", "--db", str(path), old, new, "--csv", str(csv_db))
    run_cli("compare", "--outline", "2015-2020", *(str(root / n) for n in NAMES), "--csv", str(csv_files))
    assert csv_db.read_bytes() == csv_files.read_bytes()


def test_unknown_key_is_one_line(db):
    _, path = db
    r = run_cli("compare", "--db", str(path), "1", "999")
    assert r.returncode == 2 and "999" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "newer"])
def test_a_file_that_is_not_ours_is_refused_and_left_alone(kind, tmp_path, examples_dir):
    path = tmp_path / "x.sqlite"
    if kind == "text":
        path.write_text("不是数据库\n", encoding="utf-8")
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        if kind == "newer":
            from wuchuan_check.render.database import APPLICATION_ID

            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
        conn.close()
    before = path.read_bytes()
    r = run_cli("batch", str(examples_dir / NAMES[0]), "--outline", "2015-2020", "-j", "1", "--db", str(path))
    assert r.returncode == 2 and "x.sqlite" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr and path.read_bytes() == before
    if kind == "newer":
        assert "新" in r.stderr


def test_the_database_is_never_an_input(tmp_path, examples_dir):
    report = tmp_path / NAMES[0]
    shutil.copy(examples_dir / NAMES[0], report)
    before = report.read_bytes()
    r = run_cli("batch", str(report), "-j", "1", "--db", str(report))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and report.read_bytes() == before


def test_score_db_stores_the_review(tmp_path, examples_dir):
    review = tmp_path / "review.yaml"
    from wuchuan_check.api import score_file

    card = score_file(examples_dir / NAMES[0], "2015-2020")
    gap = next(i for i in card.items if i.status.value == "missing")
    review.write_text(f"decisions:\n  {gap.id}:\n    结论: 已完成\n    说明: 见会议纪要\n", encoding="utf-8")
    path = tmp_path / "one.sqlite"
    r = run_cli("score", str(examples_dir / NAMES[0]), "--outline", "2015-2020", "-q", "--review", str(review),
                "--db", str(path))
    assert r.returncode == 0, r.stderr
    rows = _query(path, "SELECT item_id, machine_status, verdict, reviewed_status, note FROM decisions")
    assert rows == [(gap.id, "missing", "已完成", "done", "见会议纪要")]
    (reviewed, machine), = _query(path, "SELECT reviewed_rate_applicable, rate_applicable FROM reports")
    assert reviewed > machine


def test_a_batch_that_scores_nothing_leaves_no_database(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip" * 20)
    path = tmp_path / "none.sqlite"
    r = run_cli("batch", str(bad), "-j", "1", "--db", str(path))
    assert r.returncode == 2 and not path.exists()


@pytest.mark.parametrize("args, says", [
    (("batch", "report.txt", "--db", "-"), "标准输出"),  # the database cannot go to stdout
    (("compare", "--db", "没有这个.sqlite", "1", "2"), "没有这个.sqlite"),
    (("compare", "--db", "x.sqlite", "--outline", "2015-2020", "1", "2"), "--outline"),
])
def test_misuse_is_one_line_exit_2(args, says, tmp_path, monkeypatch, examples_dir):
    monkeypatch.chdir(tmp_path)
    shutil.copy(examples_dir / NAMES[0], tmp_path / "report.txt")
    r = run_cli(*args)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert says in r.stderr


def test_an_interrupted_batch_keeps_whole_reports_and_marks_its_run(tmp_path, examples_dir):
    """Interrupted after the first report (as Ctrl-C between two reports): that report is stored
    whole, the run says interrupted, and the database opens again for the next run."""
    from wuchuan_check.render.batchfiles import BatchFiles
    from wuchuan_check.runs.batch import run_batch

    path = tmp_path / "cut.sqlite"

    def stop(outcome) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([examples_dir / n for n in NAMES], "2015-2020", jobs=1, on_outcome=stop,
                  outputs=BatchFiles(db_path=path, db_run=("test", "2015-2020")))
    assert _query(path, "SELECT reports, interrupted, finished_at IS NOT NULL FROM runs") == [(1, 1, 1)]
    (rid,), = _query(path, "SELECT id FROM reports")
    from wuchuan_check.checklist.model import load_outline

    measures = len(list(load_outline("2015-2020").measures()))
    assert _query(path, "SELECT count(*) FROM measures WHERE report_id = ?", rid)[0][0] == measures
    r = run_cli("batch", str(examples_dir / NAMES[1]), "--outline", "2015-2020", "-j", "1", "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert _query(path, "SELECT id, reports, interrupted FROM runs ORDER BY id") == [(1, 1, 1), (2, 1, 0)]


def test_compare_of_a_file_that_is_not_a_database_says_so_without_talking_of_overwriting(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库\n", encoding="utf-8")
    r = run_cli("compare", "--db", str(path), "1", "2")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "notes.sqlite" in r.stderr and "不是 SQLite 数据库" in r.stderr and "覆盖" not in r.stderr
    assert path.read_text(encoding="utf-8") == "这不是数据库\n"
