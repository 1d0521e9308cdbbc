"""Chinese word segmentation (jieba), and the stored splits that let scoring do without it.

Two uses: splitting a checklist keyword into its words (default dictionary, so that
旁听庭审 → 旁听 | 庭审 and the matcher can allow words in between), and content tokens for
BM25 (a separate tokenizer that knows the checklists' official terms as whole words).

Loading jieba's dictionary costs ~0.5 s and ~60 MB, so scoring never does: each built-in
checklist ships its keyword splits beside it (`outline/<id>.words.json`, tagged with the
yaml's content hash and the tool version), and a user's own checklist is split once into the
user's cache folder. `python -m wuchuan_check.scoring.segment --refresh` rewrites the shipped files.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wuchuan_check import __version__, regexes
from wuchuan_check.usercache import cache_dir

if TYPE_CHECKING:
    import jieba

    from wuchuan_check.checklist.model import Checklist

@lru_cache(maxsize=1)
def _jieba() -> Any:
    """jieba, imported on first use only (checklist splits, BM25), with its cache in our folder."""
    import logging  # here, not at the top: scoring never needs it (~1% of a cold `score`)

    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at INFO on stderr
    jieba.dt.tmp_dir = cache_dir()  # the default tokenizer behind jieba.lcut
    return jieba


def new_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer whose cache lives in the user's own folder."""
    tk = _jieba().Tokenizer()
    tk.tmp_dir = cache_dir()
    return tk

# Function words and report filler that carry no topic.
STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 对 为 以 按 将 把 被 是 有 并 或 其 中 上 下 年 月 日 个 项 次 件 "
    "进一步 加强 推进 推动 深化 完善 健全 建立 落实 全面 坚持 强化 切实 不断 积极 认真 严格 "
    "工作 情况 方面 相关 有关 开展 实施 持续 扎实 有效 全县 全区 全市 我县 我区 我市 我镇".split()
)
_WORDISH = regexes.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@lru_cache(maxsize=4096)
def split_words(term: str) -> tuple[str, ...]:
    """A term's words by jieba's default dictionary (no HMM guessing, deterministic)."""
    return tuple(w for w in _jieba().lcut(term, HMM=False) if w.strip())


@lru_cache(maxsize=1)
def _term_tokenizer() -> jieba.Tokenizer:
    """A tokenizer that keeps every checklist term whole (三项制度, 法律顾问).

    Its dictionary is the default tokenizer's plus these terms: copied from that one (loaded, or
    loaded now) rather than loaded again, a second ~0.6 s where both are used (`eval` with a
    checklist whose splits are not stored, the tests)."""
    default = _jieba().dt
    default.check_initialized()
    tk = new_tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(default.FREQ), default.total, True
    return _with_terms(tk)


def _with_terms(tk: jieba.Tokenizer) -> jieba.Tokenizer:
    """`tk` with the built-in checklists' terms added as words."""
    from wuchuan_check.checklist.model import builtin_outline_ids, load_outline

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


# --- stored splits: scoring never loads the dictionary ------------------------------------------

Splits = dict[str, tuple[str, ...]]
_SPLITS_FORMAT = 1


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _builtin_yaml(outline_id: str) -> Any:
    from wuchuan_check.checklist.model import outline_folder

    return outline_folder() / f"{outline_id}.yaml"


def words_file(outline_id: str) -> Any:
    """Where a built-in checklist's keyword splits are shipped."""
    from wuchuan_check.checklist.model import outline_folder

    return outline_folder() / f"{outline_id}.words.json"


def _development() -> bool:
    """Running from a source checkout (where a stale split file is the developer's to refresh)."""
    return (Path(__file__).resolve().parents[2] / ".git").exists()


def split_record(yaml_bytes: bytes, terms: Iterable[str]) -> dict[str, Any]:
    """The content of a split file: what it was computed from, and each term's words."""
    return {
        "format": _SPLITS_FORMAT,
        "yaml_sha256": _sha256(yaml_bytes),
        "tool_version": __version__,
        "splits": {t: list(split_words(t)) for t in sorted(set(terms))},
    }


def stale_reason(outline_id: str) -> str | None:
    """Why the shipped split file of a built-in checklist cannot be trusted, or None."""
    try:
        record = json.loads(words_file(outline_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "缺少或无法读取 / missing or unreadable"
    if not isinstance(record, dict) or record.get("format") != _SPLITS_FORMAT:
        return "格式不符 / wrong format"
    if record.get("tool_version") != __version__:
        return f"工具版本不符 / made by version {record.get('tool_version')}, this is {__version__}"
    if record.get("yaml_sha256") != _sha256(_builtin_yaml(outline_id).read_bytes()):
        return "清单已修改 / the checklist yaml changed since it was split"
    return None


@lru_cache(maxsize=16)
def _shipped_splits(outline_id: str) -> Splits:
    """A built-in checklist's shipped splits; empty (so recomputed) when stale."""
    why = stale_reason(outline_id)
    if why is not None:
        if _development():
            warnings.warn(f"{words_file(outline_id)}: {why}; run `python -m wuchuan_check.scoring.segment --refresh`", stacklevel=2)
        return {}
    record = json.loads(words_file(outline_id).read_text(encoding="utf-8"))
    return {t: tuple(w) for t, w in record["splits"].items()}


def _builtin_ids_of(checklist: Checklist) -> list[str]:
    """The built-in outlines a checklist is (or is based on)."""
    out = []
    c: Checklist | None = checklist
    while c is not None:
        if c.source.startswith("builtin:"):
            out.append(c.source[len("builtin:"):])
        c = c.base
    return out


def _user_cache(terms: list[str]) -> Splits:
    """Splits of terms no shipped file holds, computed once per distinct content and version."""
    key = _sha256("\n".join(terms).encode("utf-8"))[:24]
    path = Path(cache_dir()) / f"splits-{__version__}-{key}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, dict) and set(cached) == set(terms):
            return {t: tuple(w) for t, w in cached.items()}
    except (OSError, ValueError):
        pass
    out = {t: split_words(t) for t in terms}
    try:  # a cache: failing to write it only costs the split again next time
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({t: list(w) for t, w in out.items()}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return out


def keyword_splits(checklist: Checklist, terms: Iterable[str]) -> Splits:
    """Each term's words, from the shipped split file of the built-in outline(s) the checklist
    is or extends, else from the user's cache (jieba runs only for terms found in neither)."""
    wanted = sorted(set(terms))
    out: Splits = {}
    for outline_id in _builtin_ids_of(checklist):
        shipped = _shipped_splits(outline_id)
        out.update((t, shipped[t]) for t in wanted if t in shipped and t not in out)
    missing = [t for t in wanted if t not in out]
    if missing:
        out.update(_user_cache(missing))
    return out


def refresh(outline_ids: Iterable[str] | None = None) -> list[Path]:
    """Rewrite the shipped split files of the built-in checklists (from a source checkout)."""
    from wuchuan_check.checklist.model import builtin_outline_ids, load_outline
    from wuchuan_check.scoring.keywords import split_terms

    written = []
    for outline_id in outline_ids or builtin_outline_ids():
        yaml_bytes = _builtin_yaml(outline_id).read_bytes()
        record = split_record(yaml_bytes, split_terms(load_outline(outline_id)))
        target = Path(str(words_file(outline_id)))
        target.write_text(json.dumps(record, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["--refresh"]:
        print("用法 / usage: python -m wuchuan_check.scoring.segment --refresh [outline-id ...]", file=sys.stderr)
        return 2
    for path in refresh(args[1:] or None):
        print(f"已写入 / wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
