"""What a document is, before anything is counted as done: a report on work done (annual report,
self-check, work summary), a plan or scheme (工作要点, 实施方案, 计划 — tasks, none of them done
yet), or a document not about a government's own rule-of-law work (a news article, an academic
paper, an unrelated work summary, a 政府信息公开年度报告).

One weighed decision over four kinds of cue, each giving a reason the user sees: the title (and
the first lines, where a notice wraps the document it issues), the opening formula ("现将…报告如下"
vs "制定本方案"), the share of future or obligation sentences (要/将/力争/责任单位) among those that
say something happened or will, and the density of rule-of-law vocabulary.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import Enum

from wuchuan_check import regexes
from wuchuan_check.reading.document import Report
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings


class Kind(str, Enum):
    REPORT = "report"
    PLAN = "plan"
    UNRELATED = "unrelated"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[Kind, str] = {
    Kind.REPORT: "工作报告/自查/总结",
    Kind.PLAN: "工作计划/实施方案",
    Kind.UNRELATED: "非法治政府建设报告",
}


@dataclass(frozen=True)
class KindDecision:
    kind: Kind
    reasons: tuple[str, ...]  # in Chinese, for the user, strongest first
    confidence: float  # 0–1

    @property
    def label(self) -> str:
        return self.kind.label


# --- cues ------------------------------------------------------------------------------------

# A plan's own name; 计划 only where it is not an account of a plan's execution (计划执行情况).
_PLAN_TITLE = regexes.compile(r"工作要点|要点》|实施方案|实施意见|行动方案|工作方案|工作计划|工作安排|计划(?!执行|完成)|规划(?!执行|实施情况)")
_REPORT_TITLE = regexes.compile(r"报告|总结|自查|自评|述职|情况(?:的)?(?:汇报|通报)?$|工作情况")
_ISSUES_PLAN = regexes.compile(r"关于印发.{0,40}(?:要点|方案|计划|安排|意见)")
# A 政策解读 explains a document (even the annual report itself) to the public: it is not the report.
_UNRELATED_TITLE = regexes.compile(r"政策解读|图解|政府信息公开(?:工作)?年度报告|信息公开工作年度报告|国民经济和社会发展计划|预算执行情况|绩效(?:管理|考评)")
_RULE_OF_LAW_TITLE = regexes.compile(r"法治|法制|依法行政|依法治|法律顾问|行政执法|普法")
_NEWS = regexes.compile(r"记者|通讯员|本报讯|日电|获悉|据.{0,24}显示|责任编辑|第\d{1,2}版|调研组|来源[::].{0,12}(?:日报|晚报|新闻|网)")
# An academic paper: abstract and keywords, an author's affiliation with its postcode, a study's
# title words, the country as the subject ("我国法治政府建设…") rather than one government.
# Every branch opens with a literal (大学/党校/学院 spelled out), so the regex engine scans for
# them in C: with "(?:大学|党校|学院)…" it tried every position of the body (0.08 -> 0.02 ms).
_AFFILIATION = "|".join(rf"{w}[^)\n]{{0,20}}\d{{6}}" for w in ("大学", "党校", "学院"))
_ACADEMIC = regexes.compile(
    rf"摘\s*要[::]|关键词|Keywords|Abstract|学报|作者简介|参考文献|{_AFFILIATION}|"
    r"实证研究|浅析|探析|述评|我国(?:依法行政|法治政府)"
)
_REPORT_OPENING = regexes.compile(r"现将.{0,30}(?:报告|汇报|总结)如下|特此报告|报告如下")
_PLAN_OPENING = regexes.compile(r"制定本(?:方案|要点|计划|意见|安排)|特制定|现就.{0,20}(?:提出|制定)|结合.{0,20}实际,制定")

# Obligation or future: a plan's tasks. Past: something that happened (or a figure reported).
# The future/obligation words, "(?:^|[,;])(?:要|将|…)|年底前|…", written as two regexes:
# the opening words matched at a sentence's start, and the rest, whose every branch opens with a
# literal, so the regex engine scans for them in C (with "(?:^|[,;])" first it tried every position).
_INTENT_WORDS = "要|将|力争|确保|争取"
_FUTURE_OPENING = regexes.compile(rf"(?:{_INTENT_WORDS})")
_FUTURE_INSIDE = regexes.compile(
    rf",(?:{_INTENT_WORDS})|;(?:{_INTENT_WORDS})|年底前|牵头单位|责任单位|配合单位|到20\d\d年|持续推进|进一步(?:健全|完善)")
# Two regexes, so each opens with what the engine can scan for in C (a literal, a digit); a
# figure "\d+件" is there exactly when a digit is followed by its unit.
_PAST_WORDS = regexes.compile(r"了|已(?!经县)|累计|共(?:计|有|开展|办理|受理|组织|审查|举办)|同比|完成\d")
_PAST_FIGURE = regexes.compile(r"\d(?:件|次|人|项|个|场|万)")

# Rule-of-law government vocabulary: a report about it is dense with these, other work is not.
_VOCAB = regexes.compile(
    "法治|法制|依法行政|依法治|行政执法|执法监督|行政复议|行政应诉|行政诉讼|法律顾问|公职律师|合法性审查|"
    "规范性文件|备案审查|重大行政决策|权力清单|权责清单|三项制度|双随机|普法|学法|述法|法律援助|人民调解|"
    "政务公开|放管服|行政许可|行政审批|裁量基准|综合执法"
)


def _title_zone(report: Report, lines: int = 6) -> str:
    """The title and the first short lines: a notice issuing a plan names it there."""
    first = list(itertools.islice((ln.strip() for ln in report.lines if ln.strip()), lines))
    short = [ln for ln in first if len(ln) <= 90]
    return "\n".join([report.meta.title or "", *short])


def _body(report: Report) -> list[str]:
    return [s.text for s in report.sentences]


def future_share(sentences: list[str]) -> tuple[float, int, int]:
    """(share of future/obligation sentences among those that are future or past, future, past)."""
    future = past = 0
    for text in sentences:  # past wins, so the future words are searched only in sentences without it
        if _PAST_WORDS.search(text) or _PAST_FIGURE.search(text):
            past += 1
        elif _FUTURE_OPENING.match(text) or _FUTURE_INSIDE.search(text):
            future += 1
    n = future + past
    return (future / n if n else 0.0), future, past


def vocab_density(sentences: list[str]) -> float:
    """Rule-of-law terms per 1,000 characters of body text."""
    text = "".join(sentences)
    return 1000 * len(_VOCAB.findall(text)) / max(len(text), 1)


def infer_kind(report: Report, settings: Settings = DEFAULT_SETTINGS) -> KindDecision:
    """Report, plan or unrelated document, with the reasons; a report when nothing says otherwise."""
    head = _title_zone(report)
    body = _body(report)
    opening = "".join(body[:8])
    share, n_future, n_past = future_share(body)
    density = vocab_density(body)
    about_law = bool(_RULE_OF_LAW_TITLE.search(head))
    density_txt = f"法治政府建设用语密度 {density:.1f}/千字"

    news = sorted(set(_NEWS.findall(head + opening)))
    academic = sorted(set(_ACADEMIC.findall("\n".join([head, *body]))))
    if len(news) >= settings.kind_news_cues:
        return KindDecision(Kind.UNRELATED, (f"新闻报道(“{'”“'.join(news[:3])}”),不是本级政府的工作报告",
                                             density_txt), 0.85)
    if len(academic) >= settings.kind_news_cues:
        return KindDecision(Kind.UNRELATED, (f"学术文章(“{'”“'.join(academic[:3])}”),不是本级政府的工作报告",
                                             density_txt), 0.85)
    unrelated_title = _UNRELATED_TITLE.search(head)
    if unrelated_title:
        return KindDecision(Kind.UNRELATED, (f"标题为“{unrelated_title.group(0)}”,不是法治政府建设报告", density_txt), 0.9)
    if density < settings.kind_vocab_min and not about_law:
        return KindDecision(Kind.UNRELATED, (f"{density_txt},低于 {settings.kind_vocab_min:g},标题也不涉及法治",), 0.7)

    plan_title = _ISSUES_PLAN.search(head) or _PLAN_TITLE.search(head)
    report_title = _REPORT_TITLE.search(head)
    shares = f"将来时/任务句占 {share:.0%}({n_future} 句将来或任务,{n_past} 句已做)"
    if plan_title and not (report_title and not _ISSUES_PLAN.search(head)) and share >= settings.kind_plan_title_share:
        return KindDecision(Kind.PLAN, (f"标题为“{plan_title.group(0)}”", shares), 0.9)
    if _PLAN_OPENING.search(opening) and not _REPORT_OPENING.search(opening) and share >= settings.kind_plan_title_share:
        return KindDecision(Kind.PLAN, (f"开头为“{_PLAN_OPENING.search(opening).group(0)}”", shares), 0.8)  # type: ignore[union-attr]
    if share >= settings.kind_plan_share and n_future >= settings.kind_plan_min_sentences and not _REPORT_OPENING.search(opening):
        return KindDecision(Kind.PLAN, (shares,), 0.6)
    reasons = []
    if report_title:
        reasons.append(f"标题含“{report_title.group(0)}”")
    if _REPORT_OPENING.search(opening):
        reasons.append(f"开头为“{_REPORT_OPENING.search(opening).group(0)}”")  # type: ignore[union-attr]
    reasons += [shares, density_txt]
    return KindDecision(Kind.REPORT, tuple(reasons), 0.9 if len(reasons) > 2 else 0.6)
