"""Step 4 of scoring: how concrete a sentence is — figures, named documents and completed
actions show work done; slogans ("建立健全…机制", "坚持…") do not, however official their words.
A short lead sentence may borrow its follower's figures; a clause naming systems rolled out in a
paragraph that reports figures is concrete at a discount (weights in Settings)."""

from __future__ import annotations

from wuchuan_check import regexes
from wuchuan_check.reading.document import Sentence
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings

# Concreteness: figures, named documents and completed actions show work done; slogans
# ("建立健全…机制", "坚持…", "严格落实…") do not, however official their vocabulary.
_CITATION = regexes.compile(r"《[^》]*》|\d{4}-\d{4}年?|十[一二三四五]五")  # outline titles, plan periods


_NUMBER = regexes.compile(r"\d")


_DOCUMENT = regexes.compile(r"《[^》]{2,}》")


_ACTION = regexes.compile(
    "制定|出台|印发|修订|废止|设立|成立|组建|聘请|聘任|配备|举办|召开|完成|办结|审结|清理出|"
    "公布了|发布|编制|签订|受理|化解了|调解成功|评查|上线|开通|建成|下放|取消了|承接|进驻|录入|"
    "认领|组织开展|开展了|参加|参训|列席|出庭|旁听|印制|发放|建立了|实现了|落实了|纳入了|"
    "(?:初步|基本|已经?|全面)形成"
)


def concreteness(text: str, settings: Settings = DEFAULT_SETTINGS) -> float:
    """How concrete a sentence is: figures and named documents beat completed actions beat words."""
    return concreteness_with_source(text, settings)[0]


# A clause naming systems or tools that were put in place ("推行权责清单制度", "运行执法监督平台"):
# a slogan on its own, concrete inside a paragraph that reports figures for that work.
_SYSTEM = regexes.compile(r"(?:推行|实行|实施|建立|落实|推广|运行|启用|应用|全面推开|覆盖)[^,;。]{0,16}(?:制度|机制|清单|平台|系统|目录|标准|规则|办法)")


# A figure that reports work (a count, a share, an amount), not a year or a date.
_COUNT = regexes.compile(r"\d+(?:\.\d+)?\s*(?:件|次|人|名|项|个|家|份|场|台|条|户|批|期|万|亿|%|％)")


def concreteness_with_source(text: str, settings: Settings = DEFAULT_SETTINGS) -> tuple[float, str]:
    """(concreteness, where it comes from: number, document, action or vague)."""
    # a citation only removes text: a sentence without a digit has none once citations are gone
    if _NUMBER.search(text) and _NUMBER.search(_CITATION.sub("", text)):
        return settings.conc_number, "number"
    if _DOCUMENT.search(text):
        return settings.conc_document, "document"
    if _ACTION.search(text):
        return settings.conc_action, "action"
    return settings.conc_vague, "vague"


def concreteness_scores(sentences: tuple[Sentence, ...], s: Settings) -> list[float]:
    return [c for c, _ in paragraph_concreteness(sentences, s)]


def paragraph_concreteness(sentences: tuple[Sentence, ...], s: Settings = DEFAULT_SETTINGS) -> list[tuple[float, str]]:
    """Each sentence's concreteness judged in its paragraph (same line and section), with its source.
    A short lead sentence naming a measure is often followed by its figures: it borrows the next
    sentence's concreteness, discounted ("borrowed"). A clause naming systems rolled out, in a
    paragraph that reports figures, is concrete at a discount ("paragraph")."""
    own = [concreteness_with_source(x.text, s) for x in sentences]
    out = list(own)
    figures: set[tuple[int, int]] = {(x.line, x.section) for x in sentences
                                     if _NUMBER.search(x.text) and _COUNT.search(x.text)}  # a count needs a digit
    for i, sent in enumerate(sentences):
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        if (nxt is not None and len(sent.text) <= s.conc_borrow_max_chars and nxt.line == sent.line
                and nxt.section == sent.section and own[i + 1][0] * s.conc_neighbour > out[i][0]):
            out[i] = (own[i + 1][0] * s.conc_neighbour, "borrowed")
        if ((sent.line, sent.section) in figures and len(sent.text) <= s.conc_paragraph_max_chars
                and _SYSTEM.search(sent.text) and s.conc_paragraph > out[i][0]):
            out[i] = (s.conc_paragraph, "paragraph")
    return out
