"""Read a report file (txt, docx, pdf, html) into a `Report`.

Pipeline: bytes → decoded text (this module) → normalised lines (textnorm) → boilerplate and
repeated blocks removed (cleaning) → metadata (metadata) → sections and sentences with roles
(structure). Every bad input raises `ReportReadError` with a one-line Chinese message; the input
file is only ever read.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import gc
import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from wuchuan_check import regexes
from wuchuan_check.errors import InputError, ReportReadError, read_input_bytes, read_limited
from wuchuan_check.reading.cleaning import Line, clean_lines
from wuchuan_check.reading.document import Report, SourceInfo
from wuchuan_check.reading.html import html_to_lines
from wuchuan_check.reading.metadata import extract_metadata
from wuchuan_check.reading.pdfchild import PdfStartError, PdfTimeout, run_pdf_child
from wuchuan_check.reading.structure import build_structure
from wuchuan_check.reading.textnorm import cjk_count, normalize_text, simplified, to_simplified

__all__ = ["load_report", "parse_report_text", "decode_text", "MIN_CJK_CHARS", "MAX_FILE_BYTES",
           "MAX_TEXT_BYTES", "MAX_TEXT_CHARS"]

# A report has at least a few sentences; fewer Chinese characters than this means we read the
# wrong file or the wrong encoding.
MIN_CJK_CHARS = 50
# Size limits, so that no single input drives memory past ~500 MB (measured in
# docs/reliability.md). A real report is 10-200 KB of text; a five-year self-check with annexes
# stays under 1 MB. Text and HTML files may be 10 MB on disk (reading costs ~10 bytes of memory
# per byte, so ~100 MB), docx and PDF files 100 MB (pictures inflate them; only their text is
# kept), and whatever the format, at most 5 million characters of text are parsed.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 5_000_000
# docx: word/document.xml inflated at most to this size, and never more than this many times
# its compressed size once it is large (Word's XML compresses ~10x; a zip bomb ~1000x).
MAX_DOCX_XML_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 200
# PDF: extraction runs in a child process with a wall-clock, page and memory budget (pdfminer
# loops forever on objects referencing each other and inflates flate bombs without limit).
PDF_TIMEOUT_S = 60
PDF_MAX_PAGES = 500
PDF_MEMORY_BYTES = 512 * 1024 * 1024
# One stream inflated beyond this is refused as a bomb at once: pdfminer could not work it (a
# content stream's tokens, a font's tables) within PDF_MEMORY_BYTES anyway, and inflating a bomb
# up to the memory limit took ~1.2 s. Real streams stay far below (a fully embedded CJK font is
# ~20 MB).
PDF_MAX_STREAM_BYTES = 64 * 1024 * 1024

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".csv", ".log", ""}
HTML_EXTENSIONS = {".html", ".htm", ".shtml", ".xhtml", ".shtm", ".jsp", ".asp", ".aspx", ".php"}
LEGACY_EXTENSIONS = {".doc", ".wps", ".xls", ".et", ".ppt", ".dps", ".rtf"}

# Encodings charset-normalizer sometimes picks for short Chinese texts; GB18030 wins over them.
_EXOTIC_GUESSES = ("big5", "cp950", "cp949", "euc_kr", "shift_jis", "cp932", "euc_jp", "iso2022",
                   "johab", "hz", "koi8", "mac", "cp1250", "cp1251", "cp1252", "latin", "iso8859")


# --------------------------------------------------------------------------------------------
# Top level


STDIN = "-"  # the input path that means standard input


def load_report(path: str | Path, encoding: str | None = None) -> Report:
    """Read and parse a report file; raises `ReportReadError` for anything unusable.

    Formats are recognised by content first, then by extension: .txt (any common Chinese
    encoding), .docx, .pdf (text layer), .html. For docx/pdf/html, `Report.lines` are the lines
    of the extracted text (an html page's title and 成文日期 come first as "标题:…" and
    "成文日期:…" lines, which the cleaner reads as metadata and drops).
    `-` reads standard input (bytes, recognised and decoded like a file); `encoding` overrides
    the detected encoding of a text or HTML report (see check_encoding).
    """
    p = Path(path)
    text, fmt, encoding, notes = _read_text(p, check_encoding(encoding) if encoding else None)
    lines = _unify_newlines(text).split("\n")
    del text  # large inputs: keep only one copy of the text alive
    return _parse_lines(lines, str(p), fmt, encoding, MIN_CJK_CHARS, notes)


def parse_report_text(
    text: str,
    path: str | None = None,
    *,
    fmt: str = "txt",
    encoding: str | None = None,
    min_cjk: int = 0,
) -> Report:
    """Parse already-decoded report text.

    `Report.lines` are `text`'s lines as given (newline variants unified) so that every
    `Sentence.line` indexes them. With `min_cjk` > 0 a text whose cleaned body has fewer Chinese
    characters raises `ReportReadError` (load_report uses this; tests may pass short texts).
    """
    return _parse_lines(_unify_newlines(text).split("\n"), path, fmt, encoding, min_cjk)


def _read_text(p: Path, forced: str | None = None) -> tuple[str, str, str | None, tuple[str, ...]]:
    """(decoded text, format, encoding, reading notes) of a file; `forced`: the user's encoding."""
    data = _read_bytes(p)
    fmt = _detect_format(p, data)
    encoding: str | None = None
    notes: tuple[str, ...] = ()
    if fmt in ("txt", "html") and len(data) > MAX_TEXT_BYTES:
        raise ReportReadError(p, f"文本文件太大({len(data) / 1048576:.1f} MB,上限 "
                                 f"{MAX_TEXT_BYTES // 1048576} MB),不像是一份报告 / text file too large")
    if fmt == "pdf":
        text, notes = _pdf_to_text(p, data)
    elif fmt == "docx":
        text, notes = _docx_to_text(p, data)
    elif fmt == "html":
        text, encoding = _html_to_text(p, data, forced)
    elif forced:
        text, encoding = _forced_decode(p, data, forced), forced
    else:
        text, encoding = _decode_plain(p, data)
    del data
    if not text.strip():
        if fmt == "docx" and notes:
            raise ReportReadError(p, "文件没有正文(修订中的内容全部是删除) / no text (only deleted revisions)")
        raise ReportReadError(p, "文件是空的(只有空白,没有文字) / empty file (no text)")
    if len(text) > MAX_TEXT_CHARS:
        raise ReportReadError(p, f"文字太多({len(text)} 字,上限 {MAX_TEXT_CHARS} 字),不像是一份报告"
                                 f" / too much text")
    problem = implausible_text(text)
    if problem:
        raise ReportReadError(p, problem)
    return text, fmt, encoding, notes


def _normalize_lines(raw_lines: list[str], chunk: int = 2000) -> list[str]:
    """normalize_text over the lines, in chunks: one regex pass per chunk is much faster than
    per line, and chunks bound the extra memory for huge inputs."""
    out: list[str] = []
    for i in range(0, len(raw_lines), chunk):
        part = raw_lines[i:i + chunk]
        norm = normalize_text("\n".join(part)).split("\n")
        if len(norm) != len(part):  # defensive: normalisation must keep lines aligned
            norm = [normalize_text(line).replace("\n", " ") for line in part]
        out.extend(norm)
    return out


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while. Reading makes objects by the hundred
    thousand (a page's tree, a long report's lines and sentences) and keeps them to the end,
    without reference cycles among them; the collector would walk them again and again while
    they are made, for nothing (half the time of a 60,000-element page, ~15% of a 10 MB text)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _cjk_at_least(lines: Sequence[Line], n: int) -> bool:
    """Whether the lines hold `n` Chinese characters, counted only until they do (a report's
    first lines mostly do)."""
    found = 0
    for line in lines:
        found += cjk_count(line.text)
        if found >= n:
            return True
    return False


def _parse_lines(raw_lines: list[str], path: str | None, fmt: str, encoding: str | None,
                 min_cjk: int, notes: tuple[str, ...] = ()) -> Report:
    with _collector_paused():
        return _parse_lines_now(raw_lines, path, fmt, encoding, min_cjk, notes)


def _parse_lines_now(raw_lines: list[str], path: str | None, fmt: str, encoding: str | None,
                     min_cjk: int, notes: tuple[str, ...]) -> Report:
    norm_lines = _normalize_lines(raw_lines)
    cleaned = clean_lines(raw_lines, norm_lines)
    del norm_lines
    if min_cjk and not _cjk_at_least(cleaned.lines, min_cjk):
        found = sum(cjk_count(line.text) for line in cleaned.lines)  # for the message: under min_cjk
        raise ReportReadError(
            path,
            f"中文内容太少(正文只有 {found} 个汉字,至少需要 {min_cjk} 个),不像是一份报告"
            f" / too little Chinese text ({found} CJK chars)",
        )
    meta = extract_metadata(cleaned.lines, cleaned.page_meta)
    sections, sentences = build_structure(cleaned.lines, year=meta.year)
    source = SourceInfo(
        path=path,
        format=fmt,
        encoding=encoding,
        lines_total=len(raw_lines),
        lines_dropped=cleaned.dropped,
        duplicate_lines=cleaned.duplicates,
    )
    return Report(source=source, meta=meta, sections=sections, sentences=sentences,
                  lines=tuple(raw_lines), notes=notes)


# --------------------------------------------------------------------------------------------
# Files and formats


def _read_bytes(p: Path) -> bytes:
    data = _read_stdin() if str(p) == STDIN else read_input_bytes(p, MAX_FILE_BYTES, ReportReadError)
    if not data.strip():
        raise ReportReadError(p, "文件是空的 / empty file")
    return data


def _read_stdin() -> bytes:
    """Standard input's bytes, in 1 MiB steps, refused beyond the file size limit."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise ReportReadError(STDIN, "没有可读的标准输入 / no standard input to read")
    data = read_limited(stream, MAX_FILE_BYTES)
    if len(data) > MAX_FILE_BYTES:
        raise ReportReadError(STDIN, f"标准输入太大(超过 {MAX_FILE_BYTES // 1048576} MB) / input too large")
    return data


def check_encoding(name: str) -> str:
    """A user's `--encoding` as a text codec's name; InputError (one line) for anything else."""
    try:
        info = codecs.lookup(name.strip())
        text = info._is_text_encoding
    except (LookupError, ValueError):
        text = False
    if not text:
        raise InputError(None, f"--encoding 不是可用的文字编码:{name!r}(如 utf-8、gb18030、big5) / unknown text encoding")
    return info.name


def _forced_decode(p: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportReadError(p, f"无法按 --encoding {encoding} 解码(第 {exc.start} 字节) / cannot decode as {encoding}") from None


def _detect_format(p: Path, data: bytes) -> str:
    """Format from the content's magic bytes first (files are often misnamed), then extension."""
    ext = p.suffix.lower()
    head = data[:1024]
    if ext == ".ofd" or (head.startswith(b"PK\x03\x04") and _zip_has(data, "OFD.xml")):
        raise ReportReadError(p, "OFD 格式不支持,请用 OFD 阅读器导出为 PDF 或 .docx 后再评分 / "
                                 "OFD not supported, export it to PDF")
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if _zip_has(data, "word/document.xml"):
            return "docx"
        raise ReportReadError(p, "这是一个 zip 压缩包,不是 .docx 报告 / zip archive, not a report"
                              if ext != ".docx" else "不是有效的 .docx 文件 / not a valid .docx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportReadError(
            p, "旧版 Office 格式(.doc/.wps/.xls)不支持,请另存为 .docx 或 .txt / legacy "
               "Office format not supported")
    for magic, kind in ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
                        (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF")):
        if head.startswith(magic):
            raise ReportReadError(p, f"这是图片文件({kind}),不是文字报告 / image file ({kind})")
    if ext == ".docx":
        raise ReportReadError(p, "不是有效的 .docx 文件(无法作为 zip 打开) / not a valid .docx")
    if ext == ".pdf":
        raise ReportReadError(p, "不是有效的 PDF 文件(缺少 %PDF 文件头) / not a valid PDF")
    if ext in HTML_EXTENSIONS or _looks_like_html(head):
        return "html"
    if ext in LEGACY_EXTENSIONS and ext != ".rtf":
        raise ReportReadError(
            p, f"不支持 {ext} 格式,请另存为 .docx 或 .txt / unsupported format ({ext})")
    if ext == ".rtf" or head.startswith(b"{\\rtf"):
        raise ReportReadError(p, "不支持 RTF 格式,请另存为 .docx 或 .txt / RTF not supported")
    return "txt"


def _looks_like_html(head: bytes) -> bool:
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return h.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head.lower()


def _zip_has(data: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return name in z.namelist()
    except Exception:  # any damage: not a usable zip
        return False


# --------------------------------------------------------------------------------------------
# Plain text decoding


def _decode_plain(p: Path, data: bytes) -> tuple[str, str]:
    ext = p.suffix.lower()
    try:
        return decode_text(data, p)
    except ReportReadError as e:
        if ext in TEXT_EXTENSIONS:
            raise
        raise ReportReadError(p, f"无法识别的文件格式 / unknown file format ({ext}): {e.problem}") from None


def _unify_newlines(text: str) -> str:
    # Page breaks and the Unicode line/paragraph separators count as line breaks too, so the
    # lines here and the lines a user's editor shows agree.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for sep in ("\x0c", "\x0b", "\x85", "\u2028", "\u2029"):
        if sep in text:
            text = text.replace(sep, "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def decode_text(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name).

    Order: BOM → UTF-16 without BOM (by NUL positions) → strict UTF-8 → strict GB18030 when the
    result reads as Chinese → charset-normalizer (but GB18030 beats exotic guesses such as
    big5/cp949/shift_jis whenever it decodes cleanly to mostly Chinese).
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise ReportReadError(
                    path, f"文件以 {enc} 标记开头但无法按 {enc} 解码 / invalid {enc}") from None

    sample = data[:65536]
    if b"\x00" in sample:
        utf16 = _try_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise ReportReadError(path, "这是二进制文件,不是文字报告 / binary file (NUL bytes)")
    if _control_ratio(sample) > 0.02:
        raise ReportReadError(path, "这是二进制文件,不是文字报告 / binary file (control bytes)")

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    gb_text = _strict(data, "gb18030")
    if gb_text is not None and _reads_as_chinese(gb_text):
        big5 = _big5_instead(data, gb_text)
        return big5 if big5 is not None else (gb_text, "gb18030")

    guess = _charset_normalizer_guess(data)
    if guess is not None:
        text, enc = guess
        if gb_text is not None and _mostly_cjk(gb_text) and enc.lower().replace("-", "_").startswith(
                _EXOTIC_GUESSES):
            return gb_text, "gb18030"
        return text, enc
    if gb_text is not None:
        return gb_text, "gb18030"
    # Last resort: a nearly-clean UTF-8 or GB18030 file with a few damaged bytes.
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 1000) and _mostly_cjk(text):
            return text, enc
    raise ReportReadError(path, "无法识别文字编码,可能是二进制文件 / undecodable text (unknown encoding)")


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _try_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: try both byte orders; the right one reads as Chinese text.

    (NUL positions alone mislead: 一 is U+4E00, so Chinese text has NULs on both parities.)"""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        text = _strict(data, enc)
        if text is None or _control_ratio_text(text) > 0.02:
            continue
        if cjk_count(text[:20000]) >= 10 and _reads_as_chinese(text):
            return text, enc
    return None


# Control bytes that text files do not hold (tab, newlines, form feed, SUB and ESC they may).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1A, 0x1B))


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C, not per byte
    return bad / len(sample)


def _control_ratio_text(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if ord(c) < 0x20 and c not in "\t\n\r\x0c")
    return bad / len(sample)


def _non_ascii(text: str) -> str:
    return "".join(c for c in text[:20000] if ord(c) > 0x7F and not c.isspace())


def _mostly_cjk(text: str) -> bool:
    """Most non-ASCII characters are Chinese characters or Chinese punctuation."""
    na = _non_ascii(text)
    if not na:
        return False
    cjkish = cjk_count(na) + sum(1 for c in na if 0x3000 <= ord(c) <= 0x303F or 0xFF00 <= ord(c) <= 0xFFEF
                                 or c in "“”‘’—…·")
    return cjkish / len(na) >= 0.8


def _common_ratio(text: str) -> float:
    """Share of Chinese characters that are in GB2312 (the ~6,800 everyday characters).

    Real simplified Chinese scores ~0.99; big5 bytes read as GB18030 score far lower."""
    chars = re.findall(r"[\u3400-\u9fff\uf900-\ufaff]", text[:20000])
    if not chars:
        return 0.0
    ok = 0
    for c in chars:
        try:
            c.encode("gb2312")
            ok += 1
        except UnicodeEncodeError:
            pass
    return ok / len(chars)


def _reads_as_chinese(text: str) -> bool:
    return _mostly_cjk(text) and _common_ratio(text) >= 0.8


# Characters a Chinese report is written in besides Chinese characters: ASCII, Latin-1 signs
# (° × ·), Greek, Cyrillic, general punctuation, letterlike and number forms (℃ Ⅰ), circled
# numbers, box drawing and shapes (■ ○), CJK symbols and punctuation, fullwidth forms.
_TEXT_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x4FF), (0x2000, 0x2BFF), (0x2E80, 0x33FF),
                (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))
# Runs of characters that are certainly assigned, printable and not private-use (ASCII, CJK
# punctuation, the Unified Ideographs of Unicode 1.1, fullwidth ASCII): most of a report, so
# only the rest is looked up one character at a time (tests check the claim for every one).
_PLAIN_RUN = regexes.compile(r"[\x20-\x7e\u3000-\u303f\u4e00-\u9fa5\uff01-\uff5e]+")
_UNREADABLE_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})


def _unreadable_count(s: str) -> int:
    """Control, private-use, unassigned and surrogate characters and U+FFFD in `s`."""
    return sum(1 for c in _PLAIN_RUN.sub("", s)
               if c == "\ufffd" or unicodedata.category(c) in _UNREADABLE_CATEGORIES)


def _untexty_count(s: str) -> int:
    """Characters of `s` neither Chinese (_CJK_RUN) nor in _TEXT_RANGES: len(s) minus both
    counts, found as the few characters outside them instead of the many runs inside."""
    return len(_UNTEXTY.findall(s))


def implausible_text(text: str) -> str | None:
    """Why decoded text does not read as a Chinese report (random bytes, a wrong encoding, a
    garbled text layer), or None when it does.

    Every byte string decodes as *something* in GB18030, so decoding without error proves
    nothing; real text is made of everyday characters: >= 90% of its Chinese characters are
    GB2312 level-1 characters (after folding traditional forms; reports score > 99%, random
    GB2312 pairs ~57%), almost no control, private-use or unassigned
    characters, and >= 90% of all characters are Chinese or ordinary punctuation and letters."""
    sample = "".join(text[:200_000].split())
    if not sample:
        return None
    if _unreadable_count(sample) > max(3, len(sample) // 100):
        return "内容含大量控制字符或乱码,不是可读的文字 / not readable text (control or unassigned characters)"
    head = sample[:50_000]
    han = "".join(_CJK_RUN.findall(head))  # runs, not one string per character
    if len(han) >= 20 and _everyday_ratio(simplified(han)) < 0.9:
        return "内容像是随机字节或编码错误(生僻字比例过高),不是可读的中文 / not readable Chinese (random bytes?)"
    # _TEXT_RANGES and _CJK_RUN do not overlap, so the two counts add up.
    texty = len(head) - _untexty_count(head)
    if texty < 0.9 * min(len(sample), 50_000):
        return "内容不像中文文字(字符大多不是汉字或常用符号) / not Chinese text"
    return None


@functools.cache
def _everyday_chars() -> frozenset[str]:
    """GB2312's 3,755 level-1 characters: those it encodes with a lead byte 0xB0-0xD7."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:  # the unused end of row 0xD7
                pass
    return frozenset(chars)


def _everyday_ratio(han: str) -> float:
    """Share of the Chinese characters in `han` among GB2312's 3,755 level-1 (everyday) ones."""
    if not han:
        return 0.0
    if _CJK_RUN.fullmatch(han):
        # Counted in C: GB2312 encodes a Chinese character as two bytes, the level-1 ones with
        # lead bytes 0xB0-0xD7 (the same set as _everyday_chars, checked for every character
        # of _CJK_RUN's ranges); a set lookup per character took ~10x longer.
        leads = han.encode("gb2312", "ignore")[::2]
        return (len(leads) - len(leads.translate(None, _LEVEL1_LEADS))) / len(han)
    return sum(map(_everyday_chars().__contains__, han)) / len(han)


_LEVEL1_LEADS = bytes(range(0xB0, 0xD8))
_CJK_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_RUN = regexes.compile(f"[{_CJK_RANGES}]+")
_UNTEXTY = regexes.compile(
    "[^" + _CJK_RANGES + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _TEXT_RANGES) + "]")


def _big5_instead(data: bytes, gb_text: str) -> tuple[str, str] | None:
    """Prefer Big5 only when GB18030 gives rare characters and Big5 gives everyday ones."""
    if _common_ratio(gb_text) >= 0.97:
        return None
    b5 = _strict(data, "big5")
    if b5 is None or not _mostly_cjk(b5):
        return None
    if _common_ratio(to_simplified(b5[:20000])) > _common_ratio(gb_text) + 0.05:
        return b5, "big5"
    return None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 1024 * 1024]).best()
    except Exception:  # a detector failure must not become the user's problem
        return None
    if best is None or not best.encoding:
        return None
    text = _strict(data, best.encoding)
    return (text, best.encoding) if text is not None else None


# --------------------------------------------------------------------------------------------
# docx


def _docx_to_text(p: Path, data: bytes) -> tuple[str, tuple[str, ...]]:
    """Paragraphs and table rows in document order, tracked changes accepted; plus notes.

    Reads word/document.xml itself (bounded, see _docx_xml) rather than through python-docx,
    which loads every part of the package (pictures, a zip bomb) and whose Paragraph.text skips
    tracked insertions and text boxes."""
    from lxml import etree

    xml = _docx_xml(p, data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        raise ReportReadError(
            p, f"不是有效的 .docx 文件或文件已损坏 / not a valid .docx (document.xml: {e.msg})") from None
    del xml
    body = root.find(_W + "body")
    if body is None:
        raise ReportReadError(p, "不是有效的 .docx 文件(没有正文) / not a valid .docx (no body)")
    reader = _DocxReader()
    lines = reader.blocks(body)
    notes: tuple[str, ...] = ()
    if reader.inserted or reader.deleted:
        notes = (f"文档含 Word 修订:已按接受全部修订读取(插入 {reader.inserted} 处计入,删除 "
                 f"{reader.deleted} 处不计) / tracked changes accepted",)
    return "\n".join(lines), notes


def _docx_xml(p: Path, data: bytes) -> bytes:
    """word/document.xml, inflated only within MAX_DOCX_XML_BYTES and MAX_ZIP_RATIO: the sizes
    the zip declares are checked first, then the bytes actually inflated."""
    limit_mb = MAX_DOCX_XML_BYTES // 1048576
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise ReportReadError(p, f"docx 正文解压后超过 {limit_mb} MB(可能是 zip 炸弹) / "
                                         "document.xml too large when inflated")
            if info.file_size > 2 * 1048576 and info.file_size > MAX_ZIP_RATIO * max(1, info.compress_size):
                raise ReportReadError(p, f"docx 压缩比异常(超过 {MAX_ZIP_RATIO} 倍,可能是 zip 炸弹) / "
                                         "suspicious compression ratio")
            with z.open(info) as f:
                xml = f.read(MAX_DOCX_XML_BYTES + 1)
    except ReportReadError:
        raise
    except KeyError:
        raise ReportReadError(p, "不是有效的 .docx 文件(缺少 word/document.xml) / not a valid .docx") from None
    except NotImplementedError:  # a compression method or zip version zipfile cannot read
        raise ReportReadError(p, "docx 使用了不支持的压缩方式,请用 Word 另存后再试 / unsupported zip "
                                 "compression") from None
    except Exception as e:  # BadZipFile, CRC errors, truncated data, zlib errors
        raise ReportReadError(
            p, f"不是有效的 .docx 文件或文件已损坏 / not a valid .docx ({type(e).__name__})") from None
    if len(xml) > MAX_DOCX_XML_BYTES:
        raise ReportReadError(p, f"docx 正文解压后超过 {limit_mb} MB / document.xml too large when inflated")
    return xml


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Inside a paragraph: subtrees that hold no visible text (properties, field codes, deleted or
# moved-away text; mc:Fallback repeats the mc:Choice content, e.g. a text box, for old readers).
_DOCX_SKIP = {_W + "pPr", _W + "rPr", _W + "instrText", _W + "delText", _W + "delInstrText",
              _MC + "Fallback", _W + "del", _W + "moveFrom"}
_DOCX_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n",
               _W + "noBreakHyphen": "-"}


class _DocxReader:
    """Walks document.xml the way Word shows it with all revisions accepted. Nesting is bounded
    by lxml (256 levels without huge_tree), so the recursion here is too."""

    def __init__(self) -> None:
        self.inserted = 0
        self.deleted = 0

    def blocks(self, container: object) -> list[str]:
        """Lines of a body, cell, text box or content control: paragraphs and table rows."""
        out: list[str] = []
        for el in container:  # type: ignore[attr-defined]
            tag = el.tag
            if tag == _W + "p":
                boxes: list[object] = []
                out.append(self.paragraph(el, boxes))
                for box in boxes:  # a text box's paragraphs follow the paragraph anchoring it
                    out.extend(self.blocks(box))
            elif tag == _W + "tbl":
                out.extend(self.table(el))
            elif tag in (_W + "del", _W + "moveFrom"):
                self.deleted += 1
            elif tag in (_W + "sectPr", _MC + "Fallback") or not isinstance(tag, str):
                continue
            else:  # w:sdt / w:sdtContent, w:customXml, w:ins around blocks, mc:AlternateContent
                if tag in (_W + "ins", _W + "moveTo"):
                    self.inserted += 1
                out.extend(self.blocks(el))
        return out

    def paragraph(self, p: object, boxes: list[object]) -> str:
        parts: list[str] = []
        stack = list(reversed(list(p)))  # type: ignore[call-overload]
        while stack:
            el = stack.pop()
            tag = el.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP:
                if tag in (_W + "del", _W + "moveFrom"):
                    self.deleted += 1
                continue
            if tag == _W + "t":
                parts.append(el.text or "")
            elif tag in _DOCX_CHARS:
                parts.append(_DOCX_CHARS[tag])
            elif tag == _W + "txbxContent":
                boxes.append(el)
            else:
                if tag in (_W + "ins", _W + "moveTo"):
                    self.inserted += 1
                stack.extend(reversed(list(el)))
        return "".join(parts)

    def table(self, tbl: object) -> list[str]:
        """A row's cells joined by spaces; a row with one filled cell (a layout table, a body
        pasted into a one-cell table) keeps its paragraphs as lines, so title and issuer stay."""
        rows: list[str] = []
        for tr in _docx_descendants(tbl, _W + "tr", _W + "tbl"):
            cells = [self.blocks(tc) for tc in _docx_descendants(tr, _W + "tc", _W + "tr")]
            filled = [c for c in cells if any(line.strip() for line in c)]
            if len(filled) == 1:
                rows.extend(filled[0])
            elif filled:
                rows.append(" ".join(" ".join(" ".join(c).split()) for c in filled))
        return rows


def _docx_descendants(el: object, tag: str, stop: str) -> list[object]:
    """Children `tag` of el, looking through wrappers (w:sdt, w:customXml, w:ins) but not into
    a nested `stop` element (a nested table's rows belong to its cell)."""
    found: list[object] = []
    stack = list(reversed(list(el)))  # type: ignore[call-overload]
    while stack:
        child = stack.pop()
        if child.tag == tag:
            found.append(child)
        elif child.tag != stop and child.tag not in (_W + "del", _W + "moveFrom") and isinstance(child.tag, str) \
                and not child.tag.endswith(("Pr", "Grid")):
            stack.extend(reversed(list(child)))
    return found


# --------------------------------------------------------------------------------------------
# pdf


def _pdf_to_text(p: Path, data: bytes) -> tuple[str, tuple[str, ...]]:
    """The PDF's text layer, extracted in a child process (reading.pdfchild) under PDF_TIMEOUT_S,
    PDF_MAX_PAGES, PDF_MEMORY_BYTES and PDF_MAX_STREAM_BYTES."""
    try:
        code, out, err = run_pdf_child(data, PDF_TIMEOUT_S, PDF_MAX_PAGES, PDF_MEMORY_BYTES, PDF_MAX_STREAM_BYTES)
    except PdfStartError as e:
        raise ReportReadError(p, f"无法启动 PDF 解析进程 / cannot start the PDF reader ({e})") from None
    except PdfTimeout:
        raise ReportReadError(p, f"PDF 解析超时(超过 {PDF_TIMEOUT_S} 秒),文件可能已损坏(对象循环引用?)"
                                 " / PDF extraction timed out") from None
    notes: tuple[str, ...] = ()
    if code == 3:
        raise ReportReadError(p, "PDF 已加密,需要密码才能读取 / encrypted PDF")
    if code == 4 or (code != 0 and b"MemoryError" in err):
        raise ReportReadError(p, "PDF 解压后过大,超出内存上限(可能是压缩炸弹) / PDF too large when decompressed")
    if code == 5:
        notes = (f"PDF 超过 {PDF_MAX_PAGES} 页,只读取了前 {PDF_MAX_PAGES} 页 / only the first "
                 f"{PDF_MAX_PAGES} pages read",)
    elif code != 0:
        name = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {code}"]
        raise ReportReadError(p, f"PDF 文件已损坏或无法解析 / corrupt PDF ({name[0][:60]})")
    text = out.decode("utf-8", "replace")
    if cjk_count(text) == 0 and len(text.strip()) < 20:
        raise ReportReadError(p, "PDF 没有文字层(可能是扫描件) / no text layer (scanned PDF?)")
    return text, notes


# --------------------------------------------------------------------------------------------
# html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
def _html_to_text(p: Path, data: bytes, forced: str | None = None) -> tuple[str, str]:
    html, encoding = (_forced_decode(p, data, forced), forced) if forced else _decode_html(p, data)
    del data
    try:
        with _collector_paused():  # a page's tree is hundreds of thousands of objects
            lines = html_to_lines(html)
    except RecursionError:
        raise ReportReadError(p, "HTML 嵌套过深,无法解析 / HTML nesting too deep") from None
    except Exception as e:  # a parser failure on a broken page is the page's problem
        raise ReportReadError(p, f"HTML 文件无法解析 / cannot parse HTML ({type(e).__name__})") from None
    return "\n".join(lines), encoding


def _decode_html(p: Path, data: bytes) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        enc = "gb18030" if declared in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936") else declared
        text = _declared_decode(data, enc)
        # Pages often declare one encoding and are saved in another: a declared single-byte
        # charset that yields no Chinese while detection does is a lie, so detection decides.
        if text is not None and (cjk_count(text[:65536]) >= 10 or not _has_high_bytes(data)) \
                and implausible_text(text) is None:  # utf-16 "decodes" any even-length bytes
            return text, enc
    return decode_text(data, p)


def _declared_decode(data: bytes, enc: str) -> str | None:
    """`data` decoded with a page's declared charset; None when the name is unknown, is not a
    text encoding (base64, rot13, idna …) or does not fit the bytes."""
    try:
        if not codecs.lookup(enc)._is_text_encoding:
            return None
        return data.decode(enc)
    except Exception:  # LookupError, UnicodeError (idna), codec bugs on odd input
        return None


def _has_high_bytes(data: bytes) -> bool:
    return any(b > 0x7F for b in data[:65536])
