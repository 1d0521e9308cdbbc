"""Command line: parses arguments and calls the library; nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from . import __version__
from .api import DEFAULT_OUTLINE, parse_level, run_eval, score_file
from .checklist import load_checklist_file, load_outline
from .errors import ChecklistError, InputError
from .export import scorecard_dict, write_csv, write_json
from .render_eval import render_eval
from .render_outline import render_outline
from .render_terminal import render

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="对照《法治政府建设实施纲要》逐项评估法治政府建设报告,输出完成情况与差距清单。",
)
outline_app = typer.Typer(no_args_is_help=True, help="查看或校验纲要清单。")
app.add_typer(outline_app, name="outline")

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def _console() -> Console:
    return Console(highlight=False)


@app.command()
def score(
    report: Path = typer.Argument(..., help="报告文件(txt/docx/pdf/html)"),
    outline: str = typer.Option(DEFAULT_OUTLINE, "--outline", "-o", help="auto(按报告年度和引用自动选择)、纲要编号(2015-2020/2021-2025)或清单文件"),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="政府层级:province/city/county/township/department(或 省/市/县/乡镇/部门);默认从报告推断"),
    tailoring: Optional[Path] = typer.Option(None, "--tailoring", "-t", help="裁剪文件(YAML):标为不涉及或必须的支项及理由"),
    detail: bool = typer.Option(False, "--detail", "-d", help="列出每个支项及其最佳证据"),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="差距清单写入 CSV(UTF-8 BOM,Excel 可直接打开)"),
    csv_all: bool = typer.Option(False, "--csv-all", help="CSV 写入全部支项,而不只是差距"),
    json_path: Optional[Path] = typer.Option(None, "--json", help="完整结果写入 JSON 文件"),
    fmt: str = typer.Option("table", "--format", "-f", help="终端输出:table 或 json"),
) -> None:
    """对一份报告评分:终端记分卡,可导出差距清单 CSV 与 JSON。"""
    if fmt not in ("table", "json"):
        raise InputError(None, f"--format 只能是 table 或 json / --format must be table or json, not {fmt!r}")
    card = score_file(report, outline, parse_level(level), tailoring=tailoring)
    if fmt == "json":
        sys.stdout.write(json.dumps(scorecard_dict(card), ensure_ascii=False, indent=2) + "\n")
    else:
        render(card, _console(), detail=detail)
    notes = []
    if csv_path:
        n = write_csv(card, csv_path, only_gaps=not csv_all)
        notes.append(f"已写入 {csv_path}({n} 行)")
    if json_path:
        write_json(card, json_path)
        notes.append(f"已写入 {json_path}")
    for note in notes:
        _err.print(note)


@outline_app.command("show")
def outline_show(
    outline: str = typer.Option("2015-2020", "--outline", "-o", help="纲要编号或清单文件"),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="只标出适用于该层级的支项"),
    items: bool = typer.Option(True, "--items/--no-items", help="是否列出支项"),
) -> None:
    """以树形列出纲要的大项、分项、支项及统计。"""
    render_outline(load_outline(outline), _console(), parse_level(level), show_items=items)


@outline_app.command("validate")
def outline_validate(file: Path = typer.Argument(..., help="要校验的清单 YAML 文件")) -> None:
    """校验自定义清单文件(如省级实施方案),有错误时逐条列出并以非零状态退出。"""
    try:
        checklist = load_checklist_file(file)
    except ChecklistError as exc:
        _err.print(f"{file}: 共 {len(exc.problems)} 处错误 / {len(exc.problems)} problem(s)")
        for problem in exc.problems:
            _err.print(f"{file}: {problem}")
        raise typer.Exit(1)
    c = checklist.counts()
    _console().print(f"{file}: 校验通过 / valid — {c['areas']} 大项, {c['measures']} 分项, {c['items']} 支项")


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., help="金标准 TSV:report<TAB>measure<TAB>label(0/1/2)"),
    reports: list[Path] = typer.Argument(..., help="要评估的报告文件(文件名须与金标准中的 report 一致)"),
    outline: str = typer.Option("2015-2020", "--outline", "-o", help="金标准所依据的纲要编号或清单文件"),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="分项级 F1 低于此值时以退出码 1 结束(回归保护)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不列出不一致之处"),
) -> None:
    """用人工标注评估准确性:精确率、召回率、F1,与两个基线对比,并列出不一致之处。"""
    result = run_eval(gold, reports, outline)
    render_eval(result, _console(), show_disagreements=not quiet)
    f1 = result.strict["wuchuan-check"].f1
    if min_f1 is not None and f1 < min_f1:
        _err.print(f"F1 {f1:.3f} 低于要求的 {min_f1:.3f} / F1 below the required minimum")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """显示版本。"""
    _console().print(f"wuchuan-check {__version__}")


def main() -> None:
    """Entry point: bad input is one line on stderr and exit 2, never a traceback."""
    try:
        # Without standalone mode click returns an Exit's code instead of exiting: pass it on.
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except InputError as exc:
        _err.print(f"错误 / error: {exc}")
        sys.exit(2)
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", None)
        sys.exit(code if code is not None else getattr(exc, "code", 0))
    except OSError as exc:  # e.g. an output file that cannot be written
        where = f"{exc.filename}: " if exc.filename else ""
        _err.print(f"错误 / error: {where}{exc.strerror or exc}")
        sys.exit(2)
    except typer.Abort:
        _err.print("已取消 / aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        _err.print("已取消 / interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors and genuine bugs
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("WUCHUAN_DEBUG"):
            raise
        _err.print(f"内部错误 / internal error: {type(exc).__name__}: {exc} (设置 WUCHUAN_DEBUG=1 查看详情)")
        sys.exit(3)


if __name__ == "__main__":
    main()
