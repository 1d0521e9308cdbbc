"""The results database (`batch --db`, `score --db`): every scored report appended to a SQLite
file (stdlib sqlite3) with its measures, items, key figures and reviewer decisions, so evaluators
can query places and years (docs/database.md lists the tables; Datasette and Excel open it).

Written safely: the file carries our application id and a schema version (PRAGMA user_version);
one that is not ours, or newer, is refused with one line before any work. Each report is one
transaction, so an interrupted batch leaves whole reports only. Runs append: a report scored
again adds a new row and `latest_reports` shows the newest per file. The payload per report is
built in the batch worker (`db_payload`) and is plain tuples: no scorecard crosses processes.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from wuchuan_check import __version__
from wuchuan_check.checklist.model import Checklist
from wuchuan_check.checklist.selection import resolve_checklists
from wuchuan_check.errors import InputError
from wuchuan_check.labels import area_label
from wuchuan_check.reading.document import Role, Sentence
from wuchuan_check.render.atomic import is_stdout
from wuchuan_check.runs.batch import BatchResult, Scored, printable, year_text
from wuchuan_check.runs.compare import Comparison, compare_scorecards
from wuchuan_check.scoring.indicators import IndicatorValue, load_indicators
from wuchuan_check.scoring.matching import Evidence
from wuchuan_check.scoring.review import Review
from wuchuan_check.scoring.scorecard import Scorecard, Status, Tally

APPLICATION_ID = 0x57434B31  # "WCK1": marks a file as a wuchuan-check results database
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, command TEXT NOT NULL, outline TEXT,
    tool_version TEXT NOT NULL, reports INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0, interrupted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), path TEXT NOT NULL,
    file_sha256 TEXT, title TEXT, issuer TEXT, level TEXT, level_label TEXT, year INTEGER,
    period_start INTEGER, period_end INTEGER, year_text TEXT, outline_id TEXT NOT NULL, outline_title TEXT,
    document_kind TEXT, done INTEGER NOT NULL, partial INTEGER NOT NULL, missing INTEGER NOT NULL,
    na INTEGER NOT NULL, total INTEGER NOT NULL, applicable INTEGER NOT NULL, rate_with_na REAL,
    rate_applicable REAL, reviewed_rate_with_na REAL, reviewed_rate_applicable REAL,
    tool_version TEXT NOT NULL, scored_at TEXT NOT NULL);
CREATE INDEX reports_path ON reports(path);
CREATE TABLE outline_measures (
    outline_id TEXT NOT NULL, measure_id TEXT NOT NULL, area TEXT NOT NULL, title TEXT NOT NULL,
    PRIMARY KEY (outline_id, measure_id));
CREATE TABLE outline_items (
    outline_id TEXT NOT NULL, item_id TEXT NOT NULL, measure_id TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (outline_id, item_id));
CREATE TABLE measures (
    report_id INTEGER NOT NULL REFERENCES reports(id), measure_id TEXT NOT NULL, status TEXT NOT NULL, done INTEGER NOT NULL, applicable INTEGER NOT NULL, score REAL NOT NULL,
    PRIMARY KEY (report_id, measure_id));
CREATE TABLE items (
    report_id INTEGER NOT NULL REFERENCES reports(id), item_id TEXT NOT NULL, measure_id TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT, rule TEXT, evidence TEXT, evidence_line INTEGER,
    evidence_role TEXT, score REAL NOT NULL, concreteness REAL, PRIMARY KEY (report_id, item_id));
CREATE TABLE figures (
    report_id INTEGER NOT NULL REFERENCES reports(id), indicator_id TEXT NOT NULL, name TEXT,
    value REAL, unit TEXT, approx INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, evidence_line INTEGER,
    PRIMARY KEY (report_id, indicator_id));
CREATE TABLE decisions (
    report_id INTEGER NOT NULL REFERENCES reports(id), item_id TEXT NOT NULL, machine_status TEXT NOT NULL,
    verdict TEXT, reviewed_status TEXT NOT NULL, state TEXT NOT NULL, note TEXT, owner TEXT, action TEXT,
    deadline TEXT, source TEXT, PRIMARY KEY (report_id, item_id));
CREATE TABLE failures (run_id INTEGER NOT NULL REFERENCES runs(id), path TEXT NOT NULL, error TEXT NOT NULL);
CREATE VIEW latest_reports AS
    SELECT * FROM reports r WHERE r.id = (SELECT max(id) FROM reports WHERE path = r.path);
"""

TABLES = ("runs", "reports", "outline_measures", "outline_items", "measures", "items", "figures", "decisions", "failures")
_REPORT_COLUMNS = ("path", "file_sha256", "title", "issuer", "level", "level_label", "year", "period_start",
                   "period_end", "year_text", "outline_id", "outline_title", "document_kind", "done", "partial",
                   "missing", "na", "total", "applicable", "rate_with_na", "rate_applicable",
                   "reviewed_rate_with_na", "reviewed_rate_applicable", "tool_version", "scored_at")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _sha256(path: str) -> str | None:
    p = Path(path)
    try:
        return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
    except OSError:
        return None


def _stored_path(path: str) -> str:
    """The report's path as stored: absolute, so that runs from other folders name the same file."""
    p = Path(path)
    return printable(str(p.resolve())) if p.is_file() else printable(path)


def db_payload(card: Scorecard, path: str, review: Review | None = None) -> dict[str, Any]:
    """Everything the database keeps of one report, as plain values (built in the batch worker)."""
    meta, t = card.report.meta, card.tally
    rt = review.tally if review is not None else None
    report = (
        _stored_path(path), _sha256(path), meta.title, meta.issuer, card.level.value, card.level.label, meta.year,
        meta.period[0] if meta.period else None, meta.period[1] if meta.period else None, year_text(meta),
        card.checklist.id, card.checklist.title, card.kind.kind.value if card.kind is not None else None,
        t.done, t.partial, t.missing, t.na, t.total, t.applicable, t.rate_with_na, t.rate_applicable,
        rt.rate_with_na if rt else None, rt.rate_applicable if rt else None, __version__, _now(),
    )
    # The outline's own texts (measure titles, item requirements) are stored once per outline by the
    # parent (add_outlines), not with every report: they were half of each report's payload.
    measures = [(m.id, m.status.value, m.tally.done, m.tally.applicable, round(m.score, 4)) for m in card.measures]
    items = []
    for it in card.items:
        b = it.best
        items.append((it.id, it.ref.measure.id, it.status.value, it.reason, it.rule,
                      b.text if b else None, b.line if b else None, b.role.value if b else None,
                      round(it.score, 4), round(b.concreteness, 4) if b else None))
    figures = [(v.indicator.id, v.indicator.name, v.value, v.unit, int(v.approx), v.status, v.line)
               for v in card.indicators]
    decisions = []
    source = review.source if review is not None else ""
    for r in review.items if review is not None else ():
        d = r.decision
        if d is None:
            continue
        decisions.append((r.item.id, r.item.status.value, d.verdict.value if d.verdict else None, r.status.value,
                          r.state, d.note, d.owner, d.action, d.deadline, source))
    return {"report": report, "measures": measures, "items": items, "figures": figures, "decisions": decisions}


# --- opening -----------------------------------------------------------------------------------


def _refuse(path: str | Path, why: str) -> InputError:
    return InputError(path, why)


def check_database(path: str | Path, writing: bool = True) -> None:
    """Refuse, before any work, a path that cannot be our database: stdout, a folder, another
    program's SQLite file, a file that is not SQLite, or one written by a newer version.
    `writing`: the messages say the file is left as it is (score/batch), not when only read (compare)."""
    if is_stdout(path):
        raise _refuse(path, "数据库不能写到标准输出 / the database cannot go to standard output")
    p = Path(path)
    if p.exists() and not p.is_file():
        raise _refuse(path, "不是普通文件 / not a regular file")
    if not p.exists() or p.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        why = "不是 SQLite 数据库" + (",不会覆盖 / not a SQLite database; not overwritten" if writing
                                       else " / not a SQLite database")
        raise _refuse(path, why) from None
    _check_identity(path, app_id, version, writing)


def _check_identity(path: str | Path, app_id: int, version: int, writing: bool = True) -> None:
    if app_id != APPLICATION_ID:
        raise _refuse(path, "不是 wuchuan-check 的结果数据库" + (",不会写入 / not a wuchuan-check results database; not written"
                                                         if writing else " / not a wuchuan-check results database"))
    if version > SCHEMA_VERSION:
        raise _refuse(path, f"数据库版本 {version} 比本工具支持的 {SCHEMA_VERSION} 新,请升级 wuchuan-check"
                            f" / written by a newer version (schema {version}); upgrade wuchuan-check")


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating when absent or empty) our database; refuses a foreign or newer one."""
    check_database(path)
    conn = sqlite3.connect(str(path), isolation_level=None)  # transactions are explicit
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == 0 and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
            conn.executescript(f"BEGIN; PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
                               f"{SCHEMA} COMMIT;")  # all or nothing: a half-made schema is never left
        else:
            _check_identity(path, app_id, conn.execute("PRAGMA user_version").fetchone()[0])
    except BaseException:
        conn.close()
        raise
    return conn


def add_outlines(conn: sqlite3.Connection, checklists: Sequence[Checklist]) -> None:
    """Each outline's measure titles and item requirements; a checklist file edited since replaces
    them (the reports keep their statuses, the texts are the newest)."""
    with conn:
        conn.execute("BEGIN")
        for c in checklists:
            conn.executemany("INSERT OR REPLACE INTO outline_measures VALUES (?, ?, ?, ?)",
                             [(c.id, m.id, area_label(a), m.title) for a, m in c.measures()])
            conn.executemany("INSERT OR REPLACE INTO outline_items VALUES (?, ?, ?, ?)",
                             [(c.id, r.id, r.measure.id, r.item.text) for r in c.items])


def start_run(conn: sqlite3.Connection, command: str, outline: str | None) -> int:
    cur = conn.execute("INSERT INTO runs (started_at, command, outline, tool_version) VALUES (?, ?, ?, ?)",
                       (_now(), command, outline, __version__))
    return int(cur.lastrowid or 0)


def add_report(conn: sqlite3.Connection, run_id: int, payload: dict[str, Any]) -> int:
    """One report and its rows in one transaction."""
    cols = ", ".join(_REPORT_COLUMNS)
    marks = ", ".join("?" * (len(_REPORT_COLUMNS) + 1))
    with conn:
        conn.execute("BEGIN")
        cur = conn.execute(f"INSERT INTO reports (run_id, {cols}) VALUES ({marks})", (run_id, *payload["report"]))
        rid = int(cur.lastrowid or 0)
        for table, rows in (("measures", payload["measures"]), ("items", payload["items"]),
                            ("figures", payload["figures"]), ("decisions", payload["decisions"])):
            if rows:
                marks = ", ".join("?" * (len(rows[0]) + 1))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", [(rid, *r) for r in rows])
    return rid


def finish_run(conn: sqlite3.Connection, run_id: int, reports: int, failures: Sequence[tuple[str, str]],
               interrupted: bool = False) -> None:
    with conn:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO failures VALUES (?, ?, ?)", [(run_id, p, e) for p, e in failures])
        conn.execute("UPDATE runs SET finished_at = ?, reports = ?, failures = ?, interrupted = ? WHERE id = ?",
                     (_now(), reports, len(failures), int(interrupted), run_id))


def write_scorecard(card: Scorecard, path: str | Path, review: Review | None = None, command: str = "score") -> int:
    """`score --db`: one run with one report; returns the report's row id."""
    conn = connect(path)
    try:
        add_outlines(conn, [card.checklist])
        run = start_run(conn, command, card.checklist.id)
        rid = add_report(conn, run, db_payload(card, card.report.source.path or "-", review))
        finish_run(conn, run, 1, [])
        return rid
    finally:
        conn.close()


@dataclass
class DatabaseSink:
    """A batch sink: one run row at the start, one transaction per report, failures at the end."""

    conn: sqlite3.Connection
    run_id: int
    count: int = 0

    def add(self, scored: Scored) -> None:
        payload = getattr(scored, "db", None)
        if payload:
            add_report(self.conn, self.run_id, payload)
            self.count += 1

    def finish(self, result: BatchResult, not_scored: int, interrupted: bool) -> None:
        finish_run(self.conn, self.run_id, self.count, [(f.path, f.message) for f in result.failures], interrupted)


def open_sink(stack: ExitStack, path: str | Path, command: str, outline: str | Path | Checklist | None) -> DatabaseSink:
    """The sink for a batch; a database this batch created is removed again if nothing was scored."""
    existed = Path(path).exists()
    conn = connect(path)

    def close(exc_type: object, exc: object, tb: object) -> None:
        conn.close()
        if exc_type is not None and not existed and not sink.count:
            Path(path).unlink(missing_ok=True)

    stack.push(close)
    add_outlines(conn, resolve_checklists(outline)[0] if outline is not None else [])
    sink = DatabaseSink(conn, start_run(conn, command, None if outline is None else _outline_text(outline)))
    return sink


def _outline_text(outline: str | Path | Checklist) -> str:
    return outline.id if isinstance(outline, Checklist) else str(outline)


@dataclass(frozen=True)
class DbScored(Scored):
    """A worker's answer with the database payload beside what the other files need."""

    db: dict[str, Any] = field(default_factory=dict)


# --- reading back: compare two stored reports -----------------------------------------------


def find_report(conn: sqlite3.Connection, key: str) -> sqlite3.Row:
    """A report row by id, or by file path (its newest row)."""
    conn.row_factory = sqlite3.Row
    row = None
    if key.isdigit():
        row = conn.execute("SELECT * FROM reports WHERE id = ?", (int(key),)).fetchone()
    if row is None:
        p = Path(key)
        for candidate in dict.fromkeys((str(p.resolve()) if p.exists() else key, key)):
            row = conn.execute("SELECT * FROM latest_reports WHERE path = ?", (candidate,)).fetchone()
            if row is not None:
                break
    if row is None:
        raise InputError(key, "数据库中没有这份报告(应为报告编号或文件路径)/ no such report in the database (a row id or a path)")
    return cast(sqlite3.Row, row)


def _stored_card(conn: sqlite3.Connection, row: sqlite3.Row) -> Any:
    """A stored report shaped like the parts of a Scorecard that a comparison reads."""
    rid = row["id"]
    measures = [SimpleNamespace(id=m["measure_id"], status=Status(m["status"]), measure=SimpleNamespace(title=m["title"] or ""))
                for m in conn.execute("SELECT m.*, o.title FROM measures m LEFT JOIN outline_measures o"
                                      " ON o.outline_id = ? AND o.measure_id = m.measure_id"
                                      " WHERE report_id = ? ORDER BY m.rowid", (row["outline_id"], rid))]
    items = []
    for i in conn.execute("SELECT i.*, o.text FROM items i LEFT JOIN outline_items o"
                          " ON o.outline_id = ? AND o.item_id = i.item_id"
                          " WHERE report_id = ? ORDER BY i.rowid", (row["outline_id"], rid)):
        best = None
        if i["evidence"] is not None:
            role = Role(i["evidence_role"]) if i["evidence_role"] else Role.OTHER
            best = Evidence(Sentence(i["evidence"], i["evidence_line"] or 0, 0, role), i["score"], i["concreteness"] or 0.0, ())
        items.append(SimpleNamespace(id=i["item_id"], status=Status(i["status"]), best=best,
                                     ref=SimpleNamespace(item=SimpleNamespace(text=i["text"] or ""))))
    spec = load_indicators()
    known = {ind.id: ind for ind in spec.indicators}
    figures = tuple(
        IndicatorValue(known[f["indicator_id"]], f["status"], _number(f["value"]), f["unit"], bool(f["approx"]),
                       None, f["evidence_line"], None, None, None)
        for f in conn.execute("SELECT * FROM figures WHERE report_id = ? ORDER BY rowid", (rid,))
        if f["indicator_id"] in known)
    tally = Tally(row["done"], row["partial"], row["missing"], row["na"])
    meta = SimpleNamespace(issuer=row["issuer"], year=row["year"],
                           period=(row["period_start"], row["period_end"]) if row["period_start"] else None)
    return SimpleNamespace(
        checklist=SimpleNamespace(id=row["outline_id"], title=row["outline_title"] or row["outline_id"]),
        report=SimpleNamespace(meta=meta, source=SimpleNamespace(path=row["path"])),
        tally=tally, measures=measures, items=items, indicators=figures)


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value


def compare_stored(path: str | Path, old_key: str, new_key: str) -> Comparison:
    """Two reports from the database compared as `compare` compares two files."""
    if not Path(path).is_file():
        raise InputError(path, "数据库文件不存在 / no such database file")
    check_database(path, writing=False)
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        old, new = (_stored_card(conn, find_report(conn, k)) for k in (old_key, new_key))
        return compare_scorecards(cast(Scorecard, old), cast(Scorecard, new))
    finally:
        conn.close()
