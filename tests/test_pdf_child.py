"""On Linux, PDFs are read by forked children of one warm PDF server per process instead of a new
interpreter per PDF (reading.pdfchild): the reading must be the same either way, whatever the
PDF is; a PDF over its time is stopped with the child working on it; the server never outlives
its reader, and a forked process (a batch worker) never shares its parent's."""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from wuchuan_check.errors import ReportReadError
from wuchuan_check.reading import formats, pdfchild
from wuchuan_check.reading.formats import load_report

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the PDF server forks (Linux only)")

_spec = importlib.util.spec_from_file_location("hostile_corpus", Path(__file__).resolve().parent.parent / "bench" / "hostile_corpus.py")
assert _spec and _spec.loader
hc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hc)

LIMITS = (formats.PDF_MAX_PAGES, formats.PDF_MEMORY_BYTES, formats.PDF_MAX_STREAM_BYTES)


def _outcome(path: Path) -> tuple:
    try:
        r = load_report(path)
    except ReportReadError as exc:
        return ("refused", str(exc))
    return ("read", r.sentences, r.notes)


def _pdfs(folder: Path) -> list[Path]:
    """One PDF for each way a reading ends: read (plain, and an empty user password), a password
    needed, a flate bomb, a reference loop, a corrupt file. (Truncated files and cycles end in
    the same ways; tests/test_hostile.py reads them through the server.)"""
    from reportlab.lib import pdfencrypt

    paths = []
    for cls in ("pdf_good", "pdf_empty_password", "pdf_flate_bomb", "pdf_self_reference"):
        _, data = hc.make(cls, 0, seed=7)
        paths.append(folder / f"{cls}.pdf")
        paths[-1].write_bytes(data)
    locked = folder / "locked.pdf"
    locked.write_bytes(hc.reportlab_pdf("某某县法治政府建设情况报告", pdfencrypt.StandardEncryption("secret", "owner")))
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + bytes(range(256)) * 4)
    return [*paths, locked, corrupt]


def _server_pid() -> int:
    server = pdfchild._server
    assert server is not None and server.owner == os.getpid() and server.alive()
    return server.proc.pid


def _gone(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return True
    return fields[0] == "Z"


def _wait(check, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


def test_the_server_reads_every_kind_of_pdf_as_a_new_interpreter_does(tmp_path, monkeypatch):
    paths = _pdfs(tmp_path)
    served = [_outcome(p) for p in paths]
    _server_pid()  # they were read through this process's server
    kinds = [o[0] for o in served]
    assert "read" in kinds and "refused" in kinds
    assert any("加密" in o[1] for o in served if o[0] == "refused"), "the real password is said"
    assert any("压缩炸弹" in o[1] for o in served if o[0] == "refused"), "the bomb is refused within the memory cap"
    monkeypatch.setenv("WUCHUAN_PDF_ONE_SHOT", "1")
    assert [_outcome(p) for p in paths] == served


def test_a_pdf_over_its_time_is_stopped_with_its_child_and_the_next_pdf_is_read(tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(hc.make("pdf_good", 0, seed=7)[1])
    first = _outcome(good)
    server = _server_pid()
    # ~110 pages: ~3 s to extract here, far over the 0.5 s given; the child must be gone long
    # before it could have finished on its own
    long_pdf = hc.reportlab_pdf("\n".join(["各级行政机关严格规范公正文明执法,推行行政执法三项制度。"] * 5000))
    children: list[int] = []

    def watch() -> bool:  # the child the server forks for the long PDF
        try:
            children.extend(int(c) for c in Path(f"/proc/{server}/task/{server}/children").read_text().split())
        except OSError:
            pass
        return bool(children)

    watcher = threading.Thread(target=_wait, args=(watch, 30))
    watcher.start()
    with pytest.raises(pdfchild.PdfTimeout):
        pdfchild.run_pdf_child(long_pdf, 0.5, *LIMITS)
    watcher.join()
    assert children, "the server forked a child for the PDF"
    assert _wait(lambda: _gone(server) and all(map(_gone, children)), 1.0), "the server and its child are stopped"
    assert _outcome(good) == first
    assert _server_pid() != server, "a new server reads the next PDF"


def test_a_server_killed_from_outside_costs_no_pdf(tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(hc.make("pdf_good", 1, seed=7)[1])
    first = _outcome(good)
    os.kill(_server_pid(), signal.SIGKILL)
    pdfchild._server.proc.wait()  # type: ignore[union-attr]
    assert _outcome(good) == first
    assert _outcome(good) == first


def _read_in_a_forked_process(path: str) -> tuple[bool, int, tuple]:
    outcome = _outcome(Path(path))
    return pdfchild._server.owner == os.getpid(), pdfchild._server.proc.pid, outcome  # type: ignore[union-attr]


def test_a_forked_process_starts_its_own_server(tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(hc.make("pdf_good", 0, seed=7)[1])
    first = _outcome(good)
    parent_server = _server_pid()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        own, child_server, outcome = pool.apply(_read_in_a_forked_process, (str(good),))
    assert own and child_server != parent_server and outcome == first
    assert _server_pid() == parent_server, "the parent's server is untouched"


def test_a_killed_reader_leaves_no_pdf_server_behind(tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(hc.make("pdf_good", 0, seed=7)[1])
    code = ("import sys, time\nfrom wuchuan_check.reading import pdfchild\nfrom wuchuan_check.reading.formats import load_report\n"
            f"load_report({str(good)!r})\nprint(pdfchild._server.proc.pid, flush=True)\ntime.sleep(60)\n")
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as proc:
        try:
            server = int(proc.stdout.readline())  # type: ignore[union-attr]
            assert not _gone(server)
        finally:
            proc.kill()  # SIGKILL: no exit handler runs, only the kernel's death signal stops the server
    assert _wait(lambda: _gone(server)), "the server dies with its reader"
