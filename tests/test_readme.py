"""The README shows what the tool does today: its sample scorecard is regenerated and compared,
and every option its usage block shows exists. After a change that moves the sample, rewrite it:

    python tests/test_readme.py --write
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# The line before the sample block names the command that produced it and the terminal width.
_SAMPLE = re.compile(r"<!-- sample: wuchuan-check (?P<args>[^>]*?) \(COLUMNS=(?P<cols>\d+)\) -->\n```text\n(?P<body>.*?)```",
                     re.S)
_USAGE = re.compile(r"## 用法 / Usage\n\n```bash\n(?P<body>.*?)```", re.S)


def _sample_output(args: str, columns: int) -> str:
    argv = [a.replace("examples/", str(ROOT / "examples") + "/") for a in args.split()]
    proc = run_cli(*argv, columns=columns)
    assert proc.returncode == 0, proc.stderr
    return "\n".join(line.rstrip() for line in proc.stdout.splitlines()) + "\n"


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def test_the_sample_scorecard_is_what_the_tool_prints():
    m = _SAMPLE.search(README.read_text(encoding="utf-8"))
    assert m, "README lacks the <!-- sample: … --> marker before its sample scorecard"
    expected = _sample_output(m["args"], int(m["cols"]))
    assert _normalised(m["body"]) == expected, "README sample scorecard is stale: run python tests/test_readme.py --write"


def _usage_lines() -> list[list[str]]:
    m = _USAGE.search(README.read_text(encoding="utf-8"))
    assert m, "README lacks its usage block"
    return [line.split("#")[0].split() for line in m["body"].splitlines() if line.startswith("wuchuan-check ")]


def test_every_option_in_the_usage_block_exists():
    lines = _usage_lines()
    assert len(lines) >= 10
    missing = []
    for words in lines:
        command = words[1:3] if words[1] in {"outline", "eval"} and words[2] in {"show", "validate", "lint", "agree"} else words[1:2]
        help_text = run_cli(*command, "--help", columns=300).stdout
        missing += [f"{' '.join(command)} {w}" for w in words if w.startswith("-") and w != "-" and w.split("=")[0] not in help_text]
    assert not missing, f"options in the README that the CLI does not have: {missing}"


def _write() -> None:
    text = README.read_text(encoding="utf-8")
    m = _SAMPLE.search(text)
    if m is None:
        raise SystemExit("README lacks the <!-- sample: … --> marker")
    body = _sample_output(m["args"], int(m["cols"]))
    README.write_text(text[: m.start("body")] + body + text[m.end("body"):], encoding="utf-8")
    print("README sample scorecard rewritten")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()
