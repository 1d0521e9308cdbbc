"""Split a cleaned report into sections and sentences and tag each with its role.

Only achievements count as work done, so the important distinction is between what a report
says it did (ACHIEVEMENT) and what it admits is lacking (PROBLEM) or promises (PLAN). Roles come
from section headings ("存在的问题", "下一步工作打算"), are inherited by sub-sections, and are
refined sentence by sentence where a heading mixes parts ("存在的问题和下一步打算") or where a
closing paragraph without a heading turns from problems to plans.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from wuchuan_check import regexes
from wuchuan_check.reading.cleaning import Line
from wuchuan_check.reading.document import Role, Section, Sentence
from wuchuan_check.reading.metadata import is_date_line, is_org_name
from wuchuan_check.reading.textnorm import has_cjk, has_cjk_at_least
from wuchuan_check.reading.vocabulary import (
    ACHIEVEMENT_HEADING,
    ACHIEVEMENT_HEADING_WEAK,
    CN_DIGITS,
    FUTURE_MARKERS,
    HEADING_NUMBERING,
    LEADING_NUMBERING,
    PLAN_ANYWHERE,
    PLAN_HEADING,
    PLAN_HEADING_WEAK,
    PLAN_START,
    PLAN_START_MIXED,
    PLAN_VERB_START,
    PROBLEM_HEADING,
    PROBLEM_HEADING_WEAK,
    PROBLEM_INTRO,
    PROBLEM_WORDS,
    REMEDY,
    RUN_IN,
    TRANSITION,
    TRANSITION_HINT,
    YEAR_PLAN_START,
    YEAR_WORK,
)

__all__ = ["build_structure", "heading_roles", "match_heading", "split_sentences"]

# --------------------------------------------------------------------------------------------
# Headings

_TERMINAL = regexes.compile(r"[。！？!?；;]")
_ROLE_PRIORITY = {Role.PLAN: 3, Role.PROBLEM: 2, Role.ACHIEVEMENT: 1}
_CLAUSE_SPLIT = regexes.compile(r"[，,；;：:。！？!?]")
_DIGIT = regexes.compile(r"\d")
_ENDS_CLAUSE = regexes.compile(r"[。！？!?；;:：]$")
# The first characters HEADING_NUMBERING's patterns open with (besides decimal digits, \d).
_HEADING_FIRST = frozenset(CN_DIGITS + "百第(（①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_FRAGMENT = regexes.compile(rf"^[\s{CN_DIGITS}\d()（）、.．,，;；:：。!！?？第是要]*$")


def match_heading(text: str) -> tuple[int, str, str] | None:
    """(depth, numbering prefix, rest) for a numbered heading line, else None."""
    first = text[:1]
    if first not in _HEADING_FIRST and not first.isdecimal():  # no pattern can match (\d: isdecimal)
        return None
    for depth, rx in HEADING_NUMBERING:
        m = rx.match(text)
        if m and m.end() < len(text):
            return depth, m.group(0).strip(), text[m.end():]
    return None


def heading_label(rest: str) -> str:
    """The heading part of a heading line that may run on into body text."""
    m = _TERMINAL.search(rest)
    if m and m.start() <= 40:
        return rest[:m.start()].strip()
    if len(rest) <= 40:
        return rest.rstrip(":：,，").strip()
    m = re.search(r"[，,：:]", rest)
    if m and m.start() <= 30:
        return rest[:m.start()].strip()
    return rest[:30].strip() + "…"


def heading_roles(label: str, depth: int = 1, year: int | None = None) -> tuple[Role, ...]:
    """Roles a heading names, in the order it names them; () when it names none.

    "存在的问题和下一步工作打算" → (PROBLEM, PLAN); "整改措施" → (PLAN,) (措施 is weak and
    overlapped by the stronger 整改措施); "二、加强政务公开" → ().
    """
    spans: list[tuple[int, int, Role]] = []
    for rx, role in ((PLAN_HEADING, Role.PLAN), (PROBLEM_HEADING, Role.PROBLEM),
                     (ACHIEVEMENT_HEADING, Role.ACHIEVEMENT)):
        spans += [(m.start(), m.end(), role) for m in rx.finditer(label)
                  if not (role is Role.PROBLEM and _remedied(label, m.start()))]
    m = YEAR_WORK.search(label)
    if m and year is not None:
        y = int(m.group(1))
        if y > year:
            spans.append((m.start(), m.end(), Role.PLAN))
        elif y == year:
            spans.append((m.start(), m.end(), Role.ACHIEVEMENT))
    if not spans and len(label) <= 12 and depth <= 3:
        for rx, role in ((PLAN_HEADING_WEAK, Role.PLAN), (PROBLEM_HEADING_WEAK, Role.PROBLEM),
                         (ACHIEVEMENT_HEADING_WEAK, Role.ACHIEVEMENT)):
            spans += [(m.start(), m.end(), role) for m in rx.finditer(label)]
    # A weaker role's match inside a stronger one's span does not count (整改措施 ⊃ 措施).
    kept = [s for s in spans
            if not any(o[2] is not s[2] and _ROLE_PRIORITY[o[2]] > _ROLE_PRIORITY[s[2]]
                       and o[0] < s[1] and s[0] < o[1] for o in spans)]
    roles: list[Role] = []
    for _, _, role in sorted(kept, key=lambda s: s[0]):
        if role not in roles:
            roles.append(role)
    return tuple(roles)


def _remedied(label: str, start: int) -> bool:
    """Whether the clause before a problem word is about fixing it ("补齐…短板")."""
    clause = re.split(r"[,，;；、]", label[:start])[-1]
    return bool(REMEDY.search(clause))


def _unnumbered_heading(text: str, year: int | None) -> tuple[Role, ...]:
    """Roles of a short un-numbered heading line ("存在的问题", "下一步工作打算:"), else ()."""
    body = text.rstrip(":：").strip()
    if not (2 <= len(body) <= 20) or re.search(r"[。，,；;！？!?:：]", body):
        return ()
    if body.endswith(("报告", "汇报")) or is_org_name(body) or is_date_line(body):
        return ()
    if re.search(r"\d\s*(个|件|项|次|人|起|条|家|户|场|%|万|亿)", body):
        return ()  # a count ("存在问题12个") is a statement, not a heading
    strong = any(rx.search(body) for rx in (PLAN_HEADING, PROBLEM_HEADING, ACHIEVEMENT_HEADING))
    return heading_roles(body, 1, year) if strong else ()


# --------------------------------------------------------------------------------------------
# Paragraphs and sentences


@dataclass
class _Para:
    text: str
    starts: list[int]  # char offset where each source line begins
    numbers: list[int]  # the source line numbers

    def line_at(self, offset: int) -> int:
        """The source line holding `offset` (the last line starting at or before it)."""
        if len(self.starts) == 1:  # most paragraphs are one source line
            return self.numbers[0]
        return self.numbers[max(0, bisect.bisect_right(self.starts, offset) - 1)]


def _join_wrapped(lines: Sequence[Line]) -> list[_Para]:
    """Re-join hard-wrapped lines (PDF text, pasted text) into paragraphs.

    A line is a wrapped continuation when the text looks hard-wrapped (most lines about the
    same, short length), the line is full-width, does not end a sentence and the next source
    line follows directly and is not a heading.
    """
    lengths = sorted(len(line.text) for line in lines)
    wrap_width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    wrapped_doc = len(lines) >= 5 and wrap_width <= 80
    paras: list[_Para] = []
    cur: _Para | None = None
    for k, line in enumerate(lines):
        if cur is not None:
            cur.starts.append(len(cur.text))
            cur.numbers.append(line.number)
            a, z = cur.text[-1:], line.text[:1]
            # Chinese wraps anywhere, even inside numbers; only Latin words need a space.
            sep = " " if a.isascii() and a.isalpha() and z.isascii() and z.isalpha() else ""
            cur.text += sep + line.text
            if sep:
                cur.starts[-1] += 1
        else:
            cur = _Para(line.text, [0], [line.number])
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        joins = (
            # Blank lines (pdfminer puts some between boxes and at page breaks) and dropped
            # page numbers may sit between two wrapped lines.
            wrapped_doc and nxt is not None and nxt.number - line.number <= 6
            and len(line.text) >= 0.8 * wrap_width
            and not _ENDS_CLAUSE.search(line.text)
            and match_heading(nxt.text) is None and not RUN_IN.match(nxt.text)
            and not is_date_line(nxt.text) and not is_org_name(nxt.text)
        )
        if not joins:
            paras.append(cur)
            cur = None
    if cur is not None:
        paras.append(cur)
    return paras


def split_sentences(text: str, year: int | None = None) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of a paragraph: split after 。！？；, before 一是/二是 items and
    before a clause that turns to plans ("…等在2022年工作中,我们将…")."""
    cuts = {0, len(text)}
    for m in _TERMINAL.finditer(text):
        cuts.add(m.end())
    for m in RUN_IN.finditer(text):
        cuts.add(m.start())
    for m in TRANSITION.finditer(text) if TRANSITION_HINT.search(text) else ():
        if m.start() == 0:
            continue
        y = m.group(2)
        if y is not None and (year is None or int(y) <= year):
            continue  # "2020年将…" in a 2020 report is past ("将" = 把), not a plan
        if not re.match(r"[\d年月日]", text[m.start() - 1]):  # not inside a date
            cuts.add(m.start())
    pieces: list[tuple[int, str]] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        piece = text[a:b]
        stripped = piece.strip()
        if not stripped or _FRAGMENT.match(stripped):
            continue
        if not has_cjk(stripped) and not _DIGIT.search(stripped):
            continue
        # The offset of the first non-space character (most pieces open with one).
        pieces.append((a if not piece[0].isspace() else a + len(piece) - len(piece.lstrip()), stripped))
    return pieces


# RUN_IN opens with a Chinese numeral.
_RUN_IN_FIRST = frozenset(CN_DIGITS)

# PROBLEM_INTRO's every branch holds 存在, 表现/体现 or 不足之处.
_PROBLEM_INTRO_WORDS = ("存在", "现", "不足之处")


def _introduces_problems(sent: str) -> bool:
    """PROBLEM_INTRO.search, after an `in` test that rules out most sentences."""
    a, b, c = _PROBLEM_INTRO_WORDS
    return (a in sent or b in sent or c in sent) and PROBLEM_INTRO.search(sent) is not None


# --------------------------------------------------------------------------------------------
# Sentence roles


# The characters LEADING_NUMBERING can open with besides \s and \d: most sentences open with
# none of them, and then have no numbering to strip without running the regex.
_NUMBERING_FIRST = frozenset("(（第" + CN_DIGITS)


def _strip_item(s: str) -> str:
    """`s` without its leading numbering or run-in marker (LEADING_NUMBERING, anchored at 0)."""
    first = s[:1]
    if first not in _NUMBERING_FIRST and not first.isspace() and not first.isdecimal():
        return s
    m = LEADING_NUMBERING.match(s)
    return s[m.end():] if m else s


# The characters PLAN_START (a future marker, 展望) and YEAR_PLAN_START (在, 19xx/20xx) can
# open with: a sentence opening with another is no plan start, without running either regex.
_PLAN_FIRST = frozenset({m[0] for m in FUTURE_MARKERS} | set("展在12"))


def _plan_start(s: str, year: int | None, body: str | None = None) -> bool:
    """Sentence opens with a future marker: 下一步/今后/明年/新的一年/20XX年(later year)…
    (`body`: `s` without its numbering, when the caller has it.)"""
    if body is None:
        body = _strip_item(s)
    if body[:1] not in _PLAN_FIRST:
        return False
    if PLAN_START.match(body):
        return True
    m = YEAR_PLAN_START.match(body)
    return m is not None and year is not None and int(m.group(2)) > year


def _problem_or_plan(s: str, prev: Role, year: int | None, body: str) -> Role:
    """Role of a sentence in a part mixing shortcomings and intentions."""
    if _plan_start(s, year, body) or PLAN_START_MIXED.match(body):
        return Role.PLAN
    if PROBLEM_WORDS.search(body):
        return Role.PROBLEM
    if PLAN_VERB_START.match(body) or PLAN_ANYWHERE.search(body):
        return Role.PLAN
    return prev


@dataclass(frozen=True)
class _Head:
    """A heading found in a paragraph."""

    depth: int
    prefix: str  # numbering as written ("一、", "(一)"), "" for an un-numbered heading
    label: str
    roles: tuple[Role, ...]
    numbered: bool
    body_offset: int  # where the text after the numbering starts


@dataclass
class _Sec:
    heading: str
    depth: int
    role: Role
    line: int
    parent: int | None
    mixed: tuple[Role, ...] = ()
    first_sentence_role: Role | None = None


@dataclass
class _Mode:
    """A sentence-level override running past the sentence that triggered it."""

    roles: tuple[Role, ...]  # the roles it may assign
    current: Role
    carry: bool  # neutral sentences keep the current role (else fall back to the section's)
    until_heading: bool  # survives paragraph ends, up to the next numbered heading


@dataclass
class _Builder:
    year: int | None
    sections: list[_Sec] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    # Hashes, not strings: on a 20 MB input the strings would double the memory. `clauses` holds
    # every clause of 8+ characters: whether one is long (8+ Chinese characters) is a property
    # of its text, so looking up only long ones gives the same answer, and the Chinese
    # characters are counted only where a clause was seen before (a count per clause was a
    # third of build_structure).
    seen: dict[Role, set[int]] = field(default_factory=lambda: defaultdict(set))
    clauses: dict[Role, set[int]] = field(default_factory=lambda: defaultdict(set))

    def _repeats(self, text: str, role: Role, body: str | None) -> bool:
        """A passage pasted twice inside a paragraph counts once: drop a long sentence whose
        text, or nearly all of whose clauses, an earlier sentence of the same role had."""
        if role is Role.OTHER:  # title and signature lines may recur
            return False
        core = (_strip_item(text) if body is None else body).rstrip("。；;！？!?，,")
        seen = self.seen[role]
        key = hash(core)
        # Short facts ("召开专题会议3次", under 15 Chinese characters) may recur legitimately.
        if key in seen and has_cjk_at_least(core, 15):
            return True
        # (A core under 8 characters has no clause of 8.)
        clauses = [c for c in _CLAUSE_SPLIT.split(core) if len(c) >= 8] if len(core) >= 8 else []
        known = self.clauses[role]
        if len(core) >= 20 and _pasted(core, clauses, known):
            return True
        seen.add(key)
        known.update(map(hash, clauses))
        return False

    def add_section(self, heading: str, depth: int, role: Role, line: int, parent: int | None,
                    mixed: tuple[Role, ...] = ()) -> int:
        self.sections.append(_Sec(heading, depth, role, line, parent, mixed))
        return len(self.sections) - 1

    def add_sentence(self, text: str, line: int, section: int, role: Role, body: str | None = None) -> None:
        """(`body`: `text` without its numbering, when the caller has it.)"""
        if self._repeats(text, role, body):
            return
        sec = self.sections[section]
        if sec.first_sentence_role is None:
            sec.first_sentence_role = role
        self.sentences.append(Sentence(text, line, section, role))


def _pasted(core: str, clauses: list[str], known: set[int]) -> bool:
    """Whether a sentence of 20+ Chinese characters is made of long clauses seen before: 2 or
    more of them, covering 80% of it. Only long clauses identify a passage; short ones
    ("办结率100%") recur legitimately."""
    # Only clauses seen before can be among the 2 or more long ones: with fewer than 2 of them
    # the answer is no without counting any clause's Chinese characters.
    if sum(1 for c in clauses if hash(c) in known) < 2:
        return False
    long_clauses = []
    for c in clauses:
        if has_cjk_at_least(c, 8):
            if hash(c) not in known:
                return False
            long_clauses.append(c)
    return (len(long_clauses) >= 2 and sum(map(len, long_clauses)) >= 0.8 * len(core)
            and has_cjk_at_least(core, 20))


def _header_count(paras: Sequence[_Para]) -> int:
    """Leading title/issuer/addressee/document-number paragraphs."""
    n = 0
    for p in paras[:8]:
        t = p.text
        title_like = (len(t) <= 80 and "。" not in t and "，" not in t and "," not in t
                      and (re.search(r"报告|总结|汇报|自查|自评$", t) or t.startswith("关于")))
        addressee = bool(re.fullmatch(r"[^\s。，,；;]{2,40}[:：]", t))
        doc_no = bool(re.search(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号", t)) and len(t) <= 40
        if (title_like or addressee or doc_no or is_org_name(t) or is_date_line(t)) and match_heading(t) is None:
            n += 1
            continue
        break
    return n


def _closing_start(paras: Sequence[_Para], first_body: int) -> int:
    """Index of the first trailing signature/date/特此报告 paragraph (len(paras) if none)."""
    k = len(paras)
    while k - 1 >= max(first_body, len(paras) - 6):
        t = paras[k - 1].text
        bare = re.sub(r"\s+", "", t)
        if (is_date_line(bare) or is_org_name(bare) or re.fullmatch(r"特此(报告|汇报)[。.!！]?", bare)
                or re.fullmatch(r"(\S{2,40}?)\s*(19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", t)):
            k -= 1
            continue
        break
    return k


def build_structure(
    lines: Sequence[Line], *, year: int | None = None
) -> tuple[tuple[Section, ...], tuple[Sentence, ...]]:
    """Sections (with roles) and sentences of a cleaned report.

    `year` is the year reported on (from the metadata): "2022年,我县将…" is a plan in a 2021
    report but past work in a 2022 one. The steps: join wrapped lines into paragraphs, find the
    header and the closing, find the headings, then walk the body paragraph by paragraph.
    """
    paras = _join_wrapped(lines)
    if not paras:
        return (), ()
    n_header = _header_count(paras)
    closing = _closing_start(paras, n_header)
    heads = _find_headings(paras, n_header, closing, year)
    walk = _Walk(_Builder(year), year, last_head=max(heads) if heads else -1)
    walk.preamble = walk.b.add_section("", 0, _preamble_role(heads), paras[0].numbers[0], None)
    for k in range(min(closing, len(paras))):
        if k < n_header:
            walk.header(paras[k])
        elif k in heads:
            walk.heading(k, paras[k], heads[k])
        else:
            walk.paragraph(k, paras[k], 0)
    if closing < len(paras):
        walk.closing(paras[closing:])
    return _final_sections(walk.b.sections), tuple(walk.b.sentences)


def _find_headings(paras: Sequence[_Para], start: int, end: int, year: int | None) -> dict[int, _Head]:
    """The body's headings by paragraph index: numbered ones, and short un-numbered role headings."""
    heads: dict[int, _Head] = {}
    for k in range(start, end):
        text = paras[k].text
        h = match_heading(text)
        if h is not None:
            depth, prefix, rest = h
            label = heading_label(rest)
            heads[k] = _Head(depth, prefix, label, heading_roles(label, depth, year), True, len(text) - len(rest))
            continue
        roles = _unnumbered_heading(text, year)
        if roles:
            heads[k] = _Head(1, "", text.rstrip(":：").strip(), roles, False, len(text))
    return heads


def _preamble_role(heads: dict[int, _Head]) -> Role:
    """Without an achievement heading before the first problem/plan heading (or without any
    heading), the opening paragraphs are the work done, not a preamble."""
    if not heads:
        return Role.ACHIEVEMENT
    first_roles = heads[min(heads)].roles
    return Role.ACHIEVEMENT if first_roles and first_roles[0] is not Role.ACHIEVEMENT else Role.OTHER


@dataclass
class _Walk:
    """The walk through the body: which sections are open, and any running sentence override."""

    b: _Builder
    year: int | None
    last_head: int
    preamble: int = 0
    stack: list[int] = field(default_factory=list)  # open numbered sections, by depth
    context: int | None = None  # the last un-numbered role heading, parent of numbered ones
    mode: _Mode | None = None

    def header(self, para: _Para) -> None:
        for off, sent in split_sentences(para.text, self.year):
            self.b.add_sentence(sent, para.line_at(off), self.preamble, Role.OTHER)

    def heading(self, k: int, para: _Para, head: _Head) -> None:
        """Open the heading's section (its role named, inherited or mixed), then read its body."""
        b = self.b
        self.mode = None
        if head.numbered:
            while self.stack and b.sections[self.stack[-1]].depth >= head.depth:
                self.stack.pop()
            if head.depth == 1 and head.roles:
                self.context = None
            parent = self.stack[-1] if self.stack else self.context
        else:
            self.stack = []
            parent = None
        inherited = b.sections[parent].role if parent is not None else Role.ACHIEVEMENT
        role = head.roles[0] if head.roles else inherited
        if len(head.roles) > 1:
            mixed = head.roles
        elif not head.roles and parent is not None:
            mixed = b.sections[parent].mixed
        else:
            mixed = ()
        sec = b.add_section(head.prefix + head.label, head.depth, role, para.numbers[0], parent, mixed)
        if not head.numbered:
            self.context = sec
            b.add_sentence(head.label, para.numbers[0], sec, role)
            return
        self.stack.append(sec)
        self.paragraph(k, para, head.body_offset, after_heading=True)

    def paragraph(self, k: int, para: _Para, body_offset: int, after_heading: bool = False) -> None:
        """Sentences of a body paragraph, each with its role; 一是/二是 items open sub-sections."""
        b = self.b
        if not after_heading and self.mode is not None and not self.mode.until_heading:
            self.mode = None
        self._close_items()  # a new paragraph ends the previous paragraph's run-in items
        current = self._open()
        is_last_part = k > self.last_head
        for off, sent in split_sentences(para.text[body_offset:], self.year):
            off += body_offset
            if sent[0] in _RUN_IN_FIRST and RUN_IN.match(sent):
                if self.mode is not None and not self.mode.until_heading:
                    self.mode = None  # an override started in one item does not spill into the next
                self._close_items()
                parent = self._open()
                p = b.sections[parent]
                current = b.add_section(heading_label(sent), 4, p.role, para.line_at(off), parent, p.mixed)
                self.stack.append(current)
            body = _strip_item(sent)
            role, self.mode = _sentence_role(sent, body, b.sections[current], self.mode, self.year, is_last_part)
            b.add_sentence(sent, para.line_at(off), current, role, body)

    def closing(self, paras: Sequence[_Para]) -> None:
        """Signature, date and 特此报告 lines: a section of their own, role OTHER."""
        sec = self.b.add_section("", 0, Role.OTHER, paras[0].numbers[0], None)
        for para in paras:
            for off, sent in split_sentences(para.text, self.year):
                self.b.add_sentence(sent, para.line_at(off), sec, Role.OTHER)

    def _open(self) -> int:
        """The innermost open section."""
        return self.stack[-1] if self.stack else (self.context if self.context is not None else self.preamble)

    def _close_items(self) -> None:
        while self.stack and self.b.sections[self.stack[-1]].depth >= 4:
            self.stack.pop()


def _final_sections(secs: Sequence[_Sec]) -> tuple[Section, ...]:
    return tuple(
        Section(
            heading=s.heading,
            depth=s.depth,
            # Run-in items take the role of their own first sentence (a problem list inside a
            # closing paragraph is problems even though its parent section is achievements).
            role=s.first_sentence_role if s.depth == 4 and s.first_sentence_role else s.role,
            line=s.line,
            parent=s.parent,
        )
        for s in secs
    )


def _sentence_role(sent: str, body: str, sec: _Sec, mode: _Mode | None, year: int | None,
                   is_last_part: bool) -> tuple[Role, _Mode | None]:
    """Role of one sentence (`body`: without its numbering) given its section and any running
    override; returns the new mode."""
    base = sec.role
    if base is Role.OTHER:
        return Role.OTHER, mode
    if mode is None and sec.mixed:
        mode = _Mode(sec.mixed, sec.mixed[0], carry=True, until_heading=True)
    if mode is None:
        if base is not Role.PLAN and _plan_start(sent, year, body):
            ends_list = sent.rstrip().endswith((":", "："))
            return Role.PLAN, _Mode((Role.PLAN,), Role.PLAN, carry=True, until_heading=ends_list)
        if base is Role.ACHIEVEMENT and _introduces_problems(sent):
            hard = is_last_part or sent.rstrip().endswith((":", "："))
            return Role.PROBLEM, _Mode((Role.PROBLEM, Role.PLAN), Role.PROBLEM, carry=hard,
                                       until_heading=hard)
        return base, None
    # A running mode.
    if Role.ACHIEVEMENT in mode.roles and mode.current is Role.ACHIEVEMENT:
        # Mixed achievements/problems: stay on achievements until a shortcoming is introduced.
        if Role.PROBLEM in mode.roles and _introduces_problems(sent):
            mode.current = Role.PROBLEM
        elif Role.PLAN in mode.roles and _plan_start(sent, year, body):
            mode.current = Role.PLAN
        return mode.current, mode
    if set(mode.roles) == {Role.PLAN}:
        return Role.PLAN, mode
    prev = mode.current if mode.carry else base
    role = _problem_or_plan(sent, prev, year, body)
    if role not in mode.roles and role is not base:
        role = prev if prev in mode.roles else mode.roles[0]
    if mode.carry:
        mode.current = role
    return role, mode
