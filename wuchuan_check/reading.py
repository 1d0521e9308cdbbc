"""Read a report file (txt, docx, pdf, html) into a `Report`.

Pipeline: bytes → decoded text (this module) → normalised lines (textnorm) → boilerplate and
repeated blocks removed (cleaning) → metadata (metadata) → sections and sentences with roles
(structure). Every bad input raises `ReportReadError` with a one-line Chinese message; the input
file is only ever read.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .cleaning import clean_lines
from .document import Report, SourceInfo
from .errors import ReportReadError
from .metadata import extract_metadata
from .structure import build_structure
from .textnorm import cjk_count, normalize_text, to_simplified

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag
    from docx.table import Table

__all__ = ["load_report", "parse_report_text", "decode_text", "MIN_CJK_CHARS", "MAX_FILE_BYTES"]

# A report has at least a few sentences; fewer Chinese characters than this means we read the
# wrong file or the wrong encoding.
MIN_CJK_CHARS = 50
# Guard against pointing the tool at a disk image by mistake; reports are far smaller.
MAX_FILE_BYTES = 200 * 1024 * 1024

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".csv", ".log", ""}
HTML_EXTENSIONS = {".html", ".htm", ".shtml", ".xhtml", ".shtm", ".jsp", ".asp", ".aspx", ".php"}
LEGACY_EXTENSIONS = {".doc", ".wps", ".xls", ".et", ".ppt", ".dps", ".rtf"}

# Encodings charset-normalizer sometimes picks for short Chinese texts; GB18030 wins over them.
_EXOTIC_GUESSES = ("big5", "cp950", "cp949", "euc_kr", "shift_jis", "cp932", "euc_jp", "iso2022",
                   "johab", "hz", "koi8", "mac", "cp1250", "cp1251", "cp1252", "latin", "iso8859")


# --------------------------------------------------------------------------------------------
# Top level


def load_report(path: str | Path) -> Report:
    """Read and parse a report file; raises `ReportReadError` for anything unusable.

    Formats are recognised by content first, then by extension: .txt (any common Chinese
    encoding), .docx, .pdf (text layer), .html. For docx/pdf/html, `Report.lines` are the lines
    of the extracted text (an html page's title and 成文日期 come first as "标题:…" and
    "成文日期:…" lines, which the cleaner reads as metadata and drops).
    """
    p = Path(path)
    text, fmt, encoding = _read_text(p)
    lines = _unify_newlines(text).split("\n")
    del text  # large inputs: keep only one copy of the text alive
    return _parse_lines(lines, str(p), fmt, encoding, MIN_CJK_CHARS)


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


def _read_text(p: Path) -> tuple[str, str, str | None]:
    """(decoded text, format, encoding) of a file."""
    data = _read_bytes(p)
    fmt = _detect_format(p, data)
    encoding: str | None = None
    if fmt == "pdf":
        text = _pdf_to_text(p, data)
    elif fmt == "docx":
        text = _docx_to_text(p, data)
    elif fmt == "html":
        text, encoding = _html_to_text(p, data)
    else:
        text, encoding = _decode_plain(p, data)
    if not text.strip():
        raise ReportReadError(p, "文件是空的(只有空白,没有文字) / empty file (no text)")
    return text, fmt, encoding


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


def _parse_lines(raw_lines: list[str], path: str | None, fmt: str, encoding: str | None,
                 min_cjk: int) -> Report:
    norm_lines = _normalize_lines(raw_lines)
    cleaned = clean_lines(raw_lines, norm_lines)
    del norm_lines
    if min_cjk:
        found = sum(cjk_count(line.text) for line in cleaned.lines)
        if found < min_cjk:
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
                  lines=tuple(raw_lines))


# --------------------------------------------------------------------------------------------
# Files and formats


def _read_bytes(p: Path) -> bytes:
    try:
        if not p.exists():
            raise ReportReadError(p, "文件不存在 / file not found")
        if p.is_dir():
            raise ReportReadError(p, "这是一个文件夹,不是文件 / is a directory")
        if not p.is_file():  # a pipe or device would block or never end
            raise ReportReadError(p, "不是普通文件 / not a regular file")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReportReadError(
                p, f"文件太大({size // (1024 * 1024)} MB),不像是一份报告 / file too large")
        data = p.read_bytes()
    except ReportReadError:
        raise
    except PermissionError:
        raise ReportReadError(p, "没有读取权限 / permission denied") from None
    except OSError as e:
        raise ReportReadError(p, f"无法读取文件 / cannot read file ({e.strerror or e})") from None
    if not data.strip():
        raise ReportReadError(p, "文件是空的 / empty file")
    return data


def _detect_format(p: Path, data: bytes) -> str:
    """Format from the content's magic bytes first (files are often misnamed), then extension."""
    ext = p.suffix.lower()
    head = data[:1024]
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
    except (zipfile.BadZipFile, OSError, ValueError):
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


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1A, 0x1B))
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


def _docx_to_text(p: Path, data: bytes) -> str:
    """Paragraphs and table rows in document order (a row's cells joined by spaces)."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        out: list[str] = []
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                out.append(Paragraph(child, document).text)
            elif tag == "tbl":
                out.extend(_docx_table_rows(Table(child, document)))
            elif tag == "sdt":  # content controls wrap ordinary paragraphs
                for el in child.iter():
                    if el.tag.rsplit("}", 1)[-1] == "p":
                        out.append(Paragraph(el, document).text)
    except ReportReadError:
        raise
    except Exception as e:
        raise ReportReadError(
            p, f"不是有效的 .docx 文件或文件已损坏 / not a valid .docx ({type(e).__name__})") from None
    return "\n".join(out)


def _docx_table_rows(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:  # merged cells repeat the same cell object
                continue
            last = cell._tc
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" ".join(cells))
    return rows


# --------------------------------------------------------------------------------------------
# pdf


def _pdf_to_text(p: Path, data: bytes) -> str:
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        try:
            text = extract_text(io.BytesIO(data))
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise ReportReadError(p, "PDF 已加密,需要密码才能读取 / encrypted PDF") from None
    except ReportReadError:
        raise
    except Exception as e:
        raise ReportReadError(
            p, f"PDF 文件已损坏或无法解析 / corrupt PDF ({type(e).__name__})") from None
    if cjk_count(text) == 0 and len(text.strip()) < 20:
        raise ReportReadError(p, "PDF 没有文字层(可能是扫描件) / no text layer (scanned PDF?)")
    return text


# --------------------------------------------------------------------------------------------
# html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "center", "hr",
    "tbody", "thead", "figure", "figcaption", "address",
}
_DROP_TAGS = ["script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form",
              "button", "select", "input", "textarea", "template", "svg", "object", "embed",
              "canvas", "video", "audio", "map", "head"]
# id/class words of page chrome (matched as whole tokens of the id/class, split on - _ space).
_CHROME_TOKENS = re.compile(
    r"^(nav|navbar|navigation|menu|menus|submenu|breadcrumb|breadcrumbs|crumb|crumbs|bread|"
    r"footer|foot|bottom|copyright|share|bdshare|jiathis|sidebar|topbar|toolbar|header|banner|"
    r"logo|search|login|print|weizhi|position|location|dqwz|pager|pagination|related|xgwz|xgxx|"
    r"links|friendlink|yqlj|qrcode|erweima|ewm|gotop|backtop|fenxiang|dayin|ads|advert|popup|"
    r"skip|accessibility|wza|nextpage|prevpage)$",
    re.I,
)
_BODY_SELECTORS = [".TRS_Editor", "#zoom", ".zoom", "#UCAP-CONTENT", ".UCAP-CONTENT",
                   ".article-content", ".article_content", ".articleContent", ".article",
                   "article", ".content", "#content", ".pages_content", ".main-content",
                   ".detail-content", ".detail", ".view", ".con", ".text", "#Zoom", ".wzy_con"]
_PAGE_DATE = re.compile(r"(成文日期|印发日期|发文日期|发布日期|发布时间|公开日期)\s*[:：]?\s*"
                        r"((?:19|20)\d\d\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?)")


def _html_to_text(p: Path, data: bytes) -> tuple[str, str]:
    html, encoding = _decode_html(p, data)
    try:
        lines = html_to_lines(html)
    except RecursionError:
        raise ReportReadError(p, "HTML 嵌套过深,无法解析 / HTML nesting too deep") from None
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
        text = _strict(data, enc)
        if text is not None:
            return text, enc
        # Pages often declare one encoding and are saved in another: fall through to detection.
    return decode_text(data, p)


def html_to_lines(html: str) -> list[str]:
    """Article text of a web page as lines: page chrome removed, block elements on own lines."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(html, "lxml")
    except Exception:  # lxml missing or choking: the stdlib parser always works
        soup = BeautifulSoup(html, "html.parser")

    header = _page_header_lines(soup)
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    root = soup.body or soup
    container = _known_container(root)
    if container is not None:
        # A known article container: only clean inside it, so a chrome-like class on one of
        # its ancestors can never take the article with it.
        _drop_chrome(container, cjk_count(container.get_text()), keep=container)
    else:
        _drop_chrome(root, cjk_count(root.get_text()), keep=root)
        container = _densest_container(root)
    lines = _block_lines(container)
    body_text = "".join(lines)
    title_line = header[0] if header and header[0].startswith("标题:") else None
    if title_line and title_line[3:] not in body_text:
        lines.insert(0, title_line[3:])  # the article title lives outside the body container
    return [h for h in header if h.startswith("成文日期:")] + ([title_line] if title_line else []) + lines


def _page_header_lines(soup: BeautifulSoup) -> list[str]:
    """`标题:` and `成文日期:` lines from the page around the article, consumed by cleaning."""
    out: list[str] = []
    title = None
    for h in soup.find_all(["h1", "h2"]):
        t = " ".join(h.get_text(" ").split())
        if 4 <= len(t) <= 80 and ("报告" in t or "情况" in t or "总结" in t):
            title = t
            break
    if title is None and soup.title and soup.title.string:
        t = " ".join(soup.title.string.split())
        t = re.split(r"\s*[_|｜]\s*|\s+[-—]\s+", t)[0]
        if len(t) >= 4:
            title = t
    if title:
        out.append("标题:" + title)
    m = _PAGE_DATE.search(soup.get_text(" "))
    if m:
        out.append("成文日期:" + re.sub(r"\s+", "", m.group(2)))
    return out


def _class_tokens(tag: Tag) -> list[str]:
    attrs = getattr(tag, "attrs", None) or {}
    values = list(attrs.get("class") or [])
    if attrs.get("id"):
        values.append(attrs["id"])
    tokens: list[str] = []
    for v in values:
        tokens.extend(t for t in re.split(r"[-_\s]+", str(v)) if t)
    return tokens


def _drop_chrome(root: Tag, total_cjk: int, keep: Tag) -> None:
    """Remove navigation/share/footer elements, but never one holding most of the article."""
    doomed = []
    for tag in root.find_all(True):
        if tag is keep:
            continue
        if any(_CHROME_TOKENS.match(t) for t in _class_tokens(tag)):
            doomed.append(tag)
    for tag in doomed:
        if tag.decomposed:
            continue
        if (total_cjk and cjk_count(tag.get_text()) > 0.5 * total_cjk) or _holds_article(tag):
            continue
        tag.decompose()


def _holds_article(tag: Tag) -> bool:
    """Long paragraphs mean article text; page chrome has only short lines."""
    long_text = 0
    for p in tag.find_all("p"):
        n = cjk_count(p.get_text())
        if n >= 40:
            long_text += n
            if long_text >= 200:
                return True
    return False


def _known_container(root: Tag) -> Tag | None:
    """The article container of common government CMSs, when it holds the article text."""
    total = cjk_count(root.get_text())
    best, best_n = None, 0
    for sel in _BODY_SELECTORS:
        try:
            found = root.select(sel)
        except Exception:
            continue
        for el in found:
            n = cjk_count(el.get_text())
            if n > best_n:
                best, best_n = el, n
    if best is not None and best_n >= max(100, 0.3 * total):
        return best
    return None


def _drop_link_lists(root: Tag) -> None:
    """Remove blocks that are mostly links (menus, "related articles", site lists)."""
    for tag in root.find_all(["ul", "ol", "dl", "div", "table", "section"]):
        if tag.decomposed:
            continue
        links = tag.find_all("a")
        if len(links) < 3:
            continue
        total = cjk_count(tag.get_text())
        linked = sum(cjk_count(a.get_text()) for a in links)
        if total and linked >= 0.7 * total and not _holds_article(tag):
            tag.decompose()


def _densest_container(root: Tag) -> Tag:
    """The deepest element holding most (80%) of the page's non-link Chinese text."""
    from bs4 import Comment

    _drop_link_lists(root)
    elements: dict[int, Tag] = {}
    weight: dict[int, int] = {}
    total = 0
    for node in root.find_all(string=True):
        if isinstance(node, Comment):
            continue
        n = cjk_count(str(node))
        if n == 0 or node.find_parent("a") is not None:
            continue
        total += n
        el = node.parent
        while el is not None:  # credit the text to every ancestor up to the root
            elements[id(el)] = el
            weight[id(el)] = weight.get(id(el), 0) + n
            if el is root:
                break
            el = el.parent
    candidates = [elements[k] for k, n in weight.items() if n >= 0.8 * total]
    if not total or not candidates:
        return root
    return max(candidates, key=lambda el: sum(1 for _ in el.parents))


def _block_lines(container: Tag) -> list[str]:
    """Iterative walk (no recursion limit): blocks end lines, table cells are space-separated."""
    from bs4 import Comment, NavigableString

    parts: list[str] = []
    stack: list[object] = [container]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            parts.append(node)  # a marker pushed below
            continue
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            if type(node).__name__ in ("Doctype", "Declaration", "ProcessingInstruction", "CData"):
                continue
            parts.append(re.sub(r"[\r\n\t]+", " ", str(node)))
            continue
        name = getattr(node, "name", None)
        if name == "br":
            parts.append("\n")
            continue
        children = list(getattr(node, "children", []))
        after = "\n" if name in _BLOCK_TAGS else " " if name in ("td", "th") else ""
        if after:
            parts.append(after)
            stack.append(after)
        stack.extend(reversed(children))
    text = "".join(parts)
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]
