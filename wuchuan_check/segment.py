"""Chinese word segmentation (jieba).

Two uses: splitting a checklist keyword into its words (default dictionary, so that
旁听庭审 → 旁听 | 庭审 and the matcher can allow words in between), and content tokens for
BM25 (a separate tokenizer that knows the checklists' official terms as whole words).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at INFO on stderr


def cache_dir() -> str:
    """A per-user folder for jieba's dictionary cache. jieba's default, /tmp/jieba.cache (mode
    600), belongs to whoever ran first: every other user then gets a logged traceback per run."""
    uid = os.getuid() if hasattr(os, "getuid") else None  # no uids on Windows
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder
        base = Path(tempfile.gettempdir())
    for folder in (base / "wuchuan-check", Path(tempfile.gettempdir()) / f"wuchuan-check-{uid}"):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            mine = uid is None or folder.stat().st_uid == uid  # never a folder another user made
        except OSError:
            continue
        if mine and os.access(folder, os.W_OK):
            return str(folder)
    return tempfile.mkdtemp(prefix="wuchuan-check-jieba-")  # ours alone; rebuilt next run


def new_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer whose cache lives in the user's own folder."""
    tk = jieba.Tokenizer()
    tk.tmp_dir = cache_dir()
    return tk


jieba.dt.tmp_dir = cache_dir()  # the default tokenizer behind jieba.lcut

# Function words and report filler that carry no topic.
STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 对 为 以 按 将 把 被 是 有 并 或 其 中 上 下 年 月 日 个 项 次 件 "
    "进一步 加强 推进 推动 深化 完善 健全 建立 落实 全面 坚持 强化 切实 不断 积极 认真 严格 "
    "工作 情况 方面 相关 有关 开展 实施 持续 扎实 有效 全县 全区 全市 我县 我区 我市 我镇".split()
)
_WORDISH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@lru_cache(maxsize=4096)
def split_words(term: str) -> tuple[str, ...]:
    """A term's words by jieba's default dictionary (no HMM guessing, deterministic)."""
    return tuple(w for w in jieba.lcut(term, HMM=False) if w.strip())


@lru_cache(maxsize=1)
def _term_tokenizer() -> jieba.Tokenizer:
    """A tokenizer that keeps every checklist term whole (三项制度, 法律顾问)."""
    from .checklist import builtin_outline_ids, load_outline

    tk = new_tokenizer()
    for outline_id in builtin_outline_ids():
        for ref in load_outline(outline_id).items:
            for kw in (*ref.item.keywords, *ref.measure.keywords):
                for part in kw.split("*"):
                    if 2 <= len(part) <= 12:
                        tk.add_word(part, freq=20000)
    return tk


def tokens(text: str) -> list[str]:
    """Content words of a text: segmented, stop words and punctuation dropped."""
    return [
        t
        for t in _term_tokenizer().lcut(text)
        if t not in STOPWORDS and len(t) > 1 and _WORDISH.search(t)
    ]
