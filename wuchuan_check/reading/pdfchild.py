"""PDF text extraction outside the reading process: pdfminer runs in a child process under a
wall-clock, page, memory and stream budget, and its warnings never reach the user's terminal.

Two ways to get that child. Everywhere, a new interpreter per PDF (`python -I -c`), which pays
~120 ms of interpreter start and pdfminer import before the first page. On Linux, a helper
started once per process (the PDF server) imports pdfminer once and forks a fresh child for
every PDF: the child starts with nothing but the imports, has its own memory limit, and is
killed with the server. A PDF then costs its extraction and a fork (measured in bench/). Either
way the answer is (exit code, text bytes, stderr bytes) with the same codes:
0 read; 3 a password is needed; 4 out of memory (or a stream inflating beyond the stream
limit); 5 too many pages (the text so far is kept); 6 another parse error (its class name in
stderr); any other code (a negative one: killed by that signal) a crash.
"""

from __future__ import annotations

import atexit
import os
import selectors
import struct
import subprocess
import sys
import threading
import time

__all__ = ["PdfTimeout", "PdfStartError", "run_pdf_child", "stop_server"]


class PdfTimeout(Exception):
    """The extraction did not finish within its time budget (its child was killed)."""


class PdfStartError(Exception):
    """No child process could be started."""


# Imports and patches, and `extract(data) -> (code, text bytes, stderr bytes)`. pdfminer's
# resolve1 follows a reference chain with no limit (an object naming itself loops forever):
# bounded here. Its flate decoding (zlib.decompress) is bounded too.
_PREPARE = r"""
import io, logging, sys, warnings
logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")
max_pages, memory, max_stream = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])

def die_with_parent():  # Linux: the kernel kills this process when its parent goes
    try:
        import ctypes, signal
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        pass

def cap_memory():
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass

def prepare():
    global extract_pages
    from pdfminer import pdftypes
    _resolve1 = pdftypes.resolve1
    def resolve1(x, default=None):
        for _ in range(64):
            if not isinstance(x, pdftypes.PDFObjRef):
                return x
            x = x.resolve(default=default)
        raise pdftypes.PDFTypeError("reference chain too long")
    for name, mod in list(sys.modules.items()):
        if name.startswith("pdfminer") and getattr(mod, "resolve1", None) is _resolve1:
            mod.resolve1 = resolve1
    import zlib
    class BoundedZlib:  # zlib for pdftypes: decompress() as zlib's, refusing past max_stream bytes
        error = zlib.error
        decompressobj = staticmethod(zlib.decompressobj)
        @staticmethod
        def decompress(data, wbits=zlib.MAX_WBITS):
            d = zlib.decompressobj(wbits)
            out = d.decompress(data, max_stream + 1)
            if len(out) > max_stream:
                raise MemoryError("stream inflates beyond the limit")
            if not d.eof:
                raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
            return out
    pdftypes.zlib = BoundedZlib
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    for name, mod in list(sys.modules.items()):
        if name.startswith("pdfminer") and getattr(mod, "resolve1", None) is _resolve1:
            mod.resolve1 = resolve1
    # Some writers leave the strings of an encrypted file's CIDSystemInfo unencrypted, which
    # decrypt to garbage and leave every Chinese glyph unmapped ("(cid:994)"): the font's
    # Encoding name (UniGB-UCS2-H …) says the character collection as well.
    from pdfminer.pdffont import PDFCIDFont
    _cid_init = PDFCIDFont.__init__
    collections = (("GB", b"GB1"), ("CNS", b"CNS1"), ("B5", b"CNS1"), ("ETen", b"CNS1"),
                   ("JIS", b"Japan1"), ("KS", b"Korea1"))
    known = {value for _, value in collections} | {b"Japan2", b"Identity", b"UCS"}
    def cid_init(self, rsrcmgr, spec, strict=False):
        info = resolve1(spec.get("CIDSystemInfo"))
        order = resolve1(info.get("Ordering")) if isinstance(info, dict) else None
        # a known collection name, or garbage (which can by chance be ASCII letters: test the set)
        if isinstance(order, bytes) and order not in known:
            encoding = str(getattr(resolve1(spec.get("Encoding")), "name", ""))
            for key, value in collections:
                if key in encoding:
                    spec = dict(spec)
                    spec["CIDSystemInfo"] = {"Registry": b"Adobe", "Ordering": value,
                                             "Supplement": info.get("Supplement", 0)}
                    break
        _cid_init(self, rsrcmgr, spec, strict)
    PDFCIDFont.__init__ = cid_init
    def extract_pages(data):
        out = io.StringIO()
        manager = PDFResourceManager()
        device = TextConverter(manager, out, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        code = 0
        for n, page in enumerate(PDFPage.get_pages(io.BytesIO(data), password="", caching=True)):
            if n >= max_pages:
                code = 5
                break
            interpreter.process_page(page)
        return code, out.getvalue().encode("utf-8", "surrogatepass")

def extract(data):
    try:
        prepare_once()
        code, text = extract_pages(data)
        return code, text, b""
    except MemoryError:
        return 4, b"", b""
    except Exception as e:  # RecursionError too: code 6 and its name, as any parse error
        document = sys.modules.get("pdfminer.pdfdocument")  # (a password is needed, or refused)
        if document is not None and isinstance(e, document.PDFEncryptionError):
            return 3, b"", b""
        return 6, b"", type(e).__name__.encode()

def maps_loaded():
    from pdfminer.cmapdb import CMapDB
    return ["c" + n for n in CMapDB._cmap_cache] + ["u" + n for n in CMapDB._umap_cache]

def load_maps(names):
    from pdfminer.cmapdb import CMapDB
    for entry in names:
        kind, name = entry[:1], entry[1:]
        try:
            CMapDB.get_cmap(name) if kind == "c" else CMapDB.get_unicode_map(name)
        except Exception:
            pass

prepared = []
def prepare_once():
    if not prepared:
        prepare()
        prepared.append(True)
"""

# One PDF in a new interpreter: the PDF on stdin, its text on stdout, the code as exit status.
_ONE_SHOT = _PREPARE + r"""
cap_memory()
die_with_parent()
code, text, err = extract(sys.stdin.buffer.read())
sys.stdout.buffer.write(text)
sys.stdout.flush()
sys.stderr.buffer.write(err)
sys.stderr.flush()
sys.exit(code)
"""

# The server: pdfminer imported once; per request (length-prefixed PDF on stdin) a forked child
# extracts under its own memory cap and hands back (code, stderr, text) through a pipe; the
# server answers on stdout with a header and both. A child that dies without answering (a
# crash) is answered for from its exit status. EOF on stdin ends the server.
_SERVER = _PREPARE + r"""
import os, struct
MAX_MAPS = 8
served = 0
die_with_parent()
prepare_once()
server = os.getpid()
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer

def read_exactly(stream, n):
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)

while True:
    try:
        (size,) = struct.unpack("<Q", read_exactly(stdin, 8))
        data = read_exactly(stdin, size)
    except EOFError:
        break
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(r)
            die_with_parent()
            if os.getppid() == server:  # else the server went before the signal was asked for
                cap_memory()
                code, text, err = extract(data)
                maps = "\n".join(maps_loaded()).encode()
                with os.fdopen(w, "wb") as pipe:
                    pipe.write(struct.pack("<iII", code, len(err), len(maps)) + err + maps)
                    pipe.write(text)
                status = 0
        except MemoryError:
            status = 4
        finally:
            os._exit(status)
    del data
    os.close(w)
    with os.fdopen(r, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    exit_code = os.waitstatus_to_exitcode(status)
    maps = []
    if exit_code == 0 and len(answer) >= 12:
        code, n_err, n_maps = struct.unpack("<iII", answer[:12])
        err, text = answer[12:12 + n_err], answer[12 + n_err + n_maps:]
        maps = answer[12 + n_err:12 + n_err + n_maps].decode().split("\n")
    else:  # died before its whole answer was out (a part of one is no answer): its exit status
        # says how (4: out of memory; negative: the signal)
        code, err, text = exit_code or 1, b"", b""
    stdout.write(struct.pack("<iIQ", code, len(err), len(text)) + err + text)
    stdout.flush()
    del answer, text
    # The character maps a child loaded (~70 ms for a Chinese font's), loaded here too while the
    # reader scores this PDF, so that later children start with them: from the second PDF on (a
    # reader of one PDF would stop the server in the middle of it). A few at most: each is a
    # file of pdfminer's own (a name it found), and they stay for the server's life.
    served += 1
    have = maps_loaded()
    new = [m for m in maps if m and m not in have]
    if served >= 2 and new and len(have) < MAX_MAPS:
        load_maps(new[:MAX_MAPS - len(have)])
"""


def _limits(max_pages: int, memory: int, max_stream: int) -> list[str]:
    return [str(max_pages), str(memory), str(max_stream)]


def _one_shot(data: bytes, timeout: float, limits: list[str]) -> tuple[int, bytes, bytes]:
    try:
        proc = subprocess.Popen([sys.executable, "-I", "-c", _ONE_SHOT, *limits],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise PdfStartError(str(exc)) from None
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise PdfTimeout from None
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return proc.returncode, out, err


class _Server:
    """This process's PDF server (its owner's pid: a forked process starts its own)."""

    def __init__(self, limits: list[str]) -> None:
        self.limits = limits
        self.owner = os.getpid()
        self.proc = subprocess.Popen([sys.executable, "-I", "-c", _SERVER, *limits],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ask(self, data: bytes, timeout: float) -> tuple[int, bytes, bytes]:
        deadline = time.monotonic() + timeout
        stdin, stdout = self.proc.stdin, self.proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(struct.pack("<Q", len(data)))
        stdin.write(data)
        stdin.flush()
        head = self._read(16, deadline)
        code, n_err, n_text = struct.unpack("<iIQ", head)
        body = self._read(n_err + n_text, deadline)
        return code, body[n_err:], body[:n_err]

    def _read(self, n: int, deadline: float) -> bytes:
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        chunks: list[bytes] = []
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while n:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise PdfTimeout
                chunk = os.read(fd, min(n, 1 << 20))
                if not chunk:
                    raise EOFError("the PDF server ended")
                chunks.append(chunk)
                n -= len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        """Kill the server; its child (if any) dies with it (PR_SET_PDEATHSIG)."""
        try:
            self.proc.kill()
            self.proc.wait()
        except OSError:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass


_server: _Server | None = None
_lock = threading.Lock()
# Fork-based serving where the kernel kills a server's children with it; elsewhere one
# interpreter per PDF. WUCHUAN_PDF_ONE_SHOT=1 forces the latter (tests compare both).
_FORKING = sys.platform == "linux" and hasattr(os, "fork")


def run_pdf_child(data: bytes, timeout: float, max_pages: int, memory: int,
                  max_stream: int) -> tuple[int, bytes, bytes]:
    """(exit code, text bytes, stderr bytes) of extracting `data`; PdfTimeout past `timeout`
    seconds, PdfStartError when no child can be started."""
    limits = _limits(max_pages, memory, max_stream)
    if not _FORKING or os.environ.get("WUCHUAN_PDF_ONE_SHOT") == "1":
        return _one_shot(data, timeout, limits)
    if not _lock.acquire(blocking=False):  # another thread is using the server: no waiting for it
        return _one_shot(data, timeout, limits)
    try:
        return _served(data, timeout, limits)
    finally:
        _lock.release()


def _served(data: bytes, timeout: float, limits: list[str]) -> tuple[int, bytes, bytes]:
    """The extraction by this process's server, started (again) when there is none of its own."""
    global _server
    server = _server
    if server is None or server.owner != os.getpid() or server.limits != limits or not server.alive():
        if server is not None and server.owner == os.getpid():
            server.stop()
        try:
            server = _server = _Server(limits)
        except OSError as exc:
            raise PdfStartError(str(exc)) from None
    try:
        return server.ask(data, timeout)
    except (OSError, EOFError):
        # The server went (killed from outside, or it failed to start): this PDF in a one-shot
        # child, the next one with a new server.
        server.stop()
        _server = None
        return _one_shot(data, timeout, limits)
    except BaseException:
        # Over its time (its child is stuck on this PDF), or interrupted mid-request (the
        # server's answer would come out of step): the next PDF gets a new server.
        server.stop()
        _server = None
        raise


@atexit.register
def stop_server() -> None:
    """Stop this process's PDF server, if it has one, and wait for it (its resource use then
    counts among this process's children's). Run at exit: an idle server goes with its reader."""
    global _server
    if _server is not None and _server.owner == os.getpid():
        _server.stop()
        _server = None
