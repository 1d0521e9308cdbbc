"""The words and marks reports are read by, in one place: numbering, future markers, role words
in headings and sentences, and the date labels of web pages.

Each entry is used by several readers (cleaning, metadata, structure, headings, the html reader);
keeping one copy means they cannot disagree. Every entry has examples in tests/test_vocabulary.py.
"""

from __future__ import annotations

import re

from wuchuan_check import regexes

# --------------------------------------------------------------------------------------------
# Numbering

CN_DIGITS = "一二三四五六七八九十"

# Heading numbering by depth: 一、 / 第一部分 → 1; (一) → 2; 1. / (1) / ① → 3.
HEADING_NUMBERING: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, regexes.compile(rf"^[{CN_DIGITS}百]{{1,3}}\s*[、.．]\s*")),
    (1, regexes.compile(rf"^第[{CN_DIGITS}]{{1,3}}(部分|章|节|篇)\s*[、:：.]?\s*")),
    (2, regexes.compile(rf"^[(（]\s*[{CN_DIGITS}]{{1,3}}\s*[)）]\s*[、.]?\s*")),
    (3, regexes.compile(r"^\d{1,2}\s*[、.．](?!\d)\s*")),
    (3, regexes.compile(r"^[(（]\s*\d{1,2}\s*[)）]\s*[、.]?\s*")),
    (3, regexes.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
)

# A line that opens with heading numbering (一、 (一) (1) 1. 1、): a heading or list item, never
# an issuer, date or menu line.
NUMBERED_LINE = regexes.compile(rf"^([{CN_DIGITS}]+[、.．]|[(（][{CN_DIGITS}\d]+[)）]|\d+[.、．])")

# Numbering or a run-in marker in front of a heading or item, to strip: 一、 (一) 1. 一是 一要 第一
LEADING_NUMBERING = regexes.compile(
    rf"^\s*(?:[(（]?[{CN_DIGITS}\d]+[)）、.．]|[{CN_DIGITS}]{{1,2}}(?:是|要)|第[{CN_DIGITS}]+[,，、]?)\s*")

# Run-in items "一是…。二是…" (also "一要…"): at the start of a line or after punctuation, so
# that 统一是 / 第一是 do not count. Written "(?:^|(?<=[punctuation]))[一-十]{1,2}…" it was tried
# at every position; opening with the numeral (and looking behind it) lets the regex engine
# scan for numerals in C, 8x faster.
RUN_IN = regexes.compile(rf"[{CN_DIGITS}](?<![^。！？!?；;，,：:\s][{CN_DIGITS}])[{CN_DIGITS}]?(?:是|要)(?![,，、。;；])")

# --------------------------------------------------------------------------------------------
# Future markers: the words that turn a sentence or a part to plans.

FUTURE_MARKERS = ("下一步", "下步", "下一阶段", "下阶段", "今后", "明年", "来年", "接下来", "新的一年",
                  "新一年", "下一年", "下年度")
FUTURE = "|".join(FUTURE_MARKERS)
# Intent after a subject: 将 (not 将其/将之/将近/将来的, where 将 means 把 or "nearly").
INTENT = r"将(?!其|之|近|来的)|力争|计划|拟"

# --------------------------------------------------------------------------------------------
# Role words in headings. Strong words decide on their own; weak ones only in short headings.

PLAN_HEADING = regexes.compile(
    rf"{FUTURE}|工作打算|打算|工作计划|工作思路|工作安排|主要安排|工作设想|努力方向|整改措施|整改方向|展望")
PLAN_HEADING_WEAK = regexes.compile(r"计划|安排|思路|设想|目标|重点任务")
PROBLEM_HEADING = regexes.compile(
    r"存在的?(主要)?问题|问题(和|与|及)不足|不足之处|存在的?不足|不足(和|与|及)(问题|原因|差距)|"
    r"困难(和|与|及)问题|问题(和|与|及)困难|短板|差距|薄弱环节|主要问题|问题及原因|原因分析|"
    r"存在的?困难|面临的?(问题|困难|挑战)")
PROBLEM_HEADING_WEAK = regexes.compile(r"问题|不足|困难|薄弱")
ACHIEVEMENT_HEADING = regexes.compile(
    r"工作情况|开展情况|完成情况|落实情况|进展情况|推进情况|建设情况|履职情况|整改情况|整改落实|"
    r"主要成效|工作成效|取得的?成效|取得的?成绩|主要成绩|工作成绩|主要做法|工作做法|主要工作|"
    r"工作开展|基本情况|工作回顾|主要举措|工作举措|成效|成果|亮点|工作进展|经验做法")
ACHIEVEMENT_HEADING_WEAK = regexes.compile(r"做法|举措|措施|情况|工作")
# 补齐短板 / 缩小差距 in a heading names work done, not a shortcoming.
REMEDY = regexes.compile(r"补|找|缩小|聚焦|对标|破解|解决|攻坚|针对|整改")
# "2021年工作…", "2022年重点任务": the year decides whether a heading is past work or plans.
YEAR_WORK = regexes.compile(r"((?:19|20)\d\d)\s*年(度)?[^。]{0,6}?(工作|重点|任务|目标|安排|打算|计划|思路)")

# --------------------------------------------------------------------------------------------
# Role words in sentences.

PLAN_START = regexes.compile(rf"^({FUTURE}|展望)")
# In a part mixing shortcomings and intentions, these openings are intentions too.
PLAN_START_MIXED = regexes.compile(
    rf"^({FUTURE}|我们将|我们要|将|要|应|须|必须|需要|继续|力争|计划|拟|着力|努力|争取|确保|坚持|持续|进一步)")
PLAN_VERB_START = regexes.compile(
    r"^(加强|加大|加快|强化|深化|深入|全面|推进|推动|健全|完善|提高|提升|扎实|切实|不断|积极|认真|严格|"
    r"抓好|做好|聚焦|围绕|落实|规范|建立|开展|探索|优化|夯实|压实|营造|构建|打造|用好|发挥)")
PLAN_ANYWHERE = regexes.compile(rf"{FUTURE}|{INTENT}")
PROBLEM_WORDS = regexes.compile(
    r"不足|不够|薄弱|有待|差距|滞后|欠缺|问题|尚未|仍需|还需|亟需|亟待|不强|不高|不到位|不平衡|"
    r"不充分|不完善|不健全|不规范|不严|短板|困难|缺乏|较弱|偏弱|较低|偏低|难以|未能|还没|不适应|不畅|"
    r"不明显|不深|不广|较少|不多")
PROBLEM_INTRO = regexes.compile(
    r"(虽然|虽|尽管)[^。]*?(但|仍|还)[^。]*?存在|"
    r"但[^。]{0,30}?存在着?[^。]{0,14}?(问题|不足|差距|短板|困难|薄弱)|"
    r"(问题|不足)(主要)?(表现|体现)(在|为)|"
    r"^(存在的?(主要)?(问题|不足)|不足之处)(主要)?(是|有|表现|[:：])")
# Where a paragraph turns from work done to plans: "…。在2022年工作中,我们将…", "今后,我县将…".
_SUBJECT = r"我们|我[县区市镇乡局委旗]|全[县区市镇乡旗]"
_AFTER_YEAR = rf"(工作中|中|里)?[,，]?\s*({_SUBJECT}|[县区市]委|[县区市镇乡]政府|镇党委)?(将|要|计划|拟)"
TRANSITION = regexes.compile(
    rf"(在)?((?:19|20)\d\d)年{_AFTER_YEAR}|"
    rf"(在)?({FUTURE})(工作中|里|中)?[,，]?\s*({_SUBJECT})?(将|要|计划|拟)")
# What every TRANSITION match holds: 年 and what follows it, or a future marker. Each branch
# opens with a literal, so the regex engine scans for them in C; TRANSITION itself (no literal to
# scan for) is tried at every position, and only 2% of paragraphs pass this test. A pre-filter
# built from TRANSITION's own parts, not a rule: TRANSITION's examples are its examples.
TRANSITION_HINT = regexes.compile(rf"年{_AFTER_YEAR}|{FUTURE}")
# "2024年,我县将…" / "在2022年工作中,我们要…" — a later year followed closely by intent (and not
# by a month: "2021年9月组织…" reports a past event).
YEAR_PLAN_START = regexes.compile(
    r"^(在)?((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)(度)?(工作中|中|里|内)?[,，]?"
    r"[^,，。；;]{0,10}?((?<![主重需必只])要|将|计划|拟|继续|力争|争取)")

# --------------------------------------------------------------------------------------------
# Web pages: the labels of the date a page gives above an article, most authoritative first.

PAGE_DATE_LABELS = ("成文日期", "成文时间", "印发日期", "发文日期", "发布日期", "发布时间", "公开日期")
PAGE_DATE = regexes.compile(rf"({'|'.join(PAGE_DATE_LABELS)})\s*[:：]?\s*"
                       r"((?:19|20)\d\d\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?)")
