"""Command line: parses arguments and calls the library; nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from typer._click import exceptions as click_errors  # typer>=0.26 vendors click (bounded in pyproject)
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import TyperCommand, TyperGroup, _TyperParameter

from wuchuan_check import __version__, regexes
from wuchuan_check.errors import InputError
from wuchuan_check.render.atomic import STDOUT, check_outputs, is_stdout, same_file, write_text

if TYPE_CHECKING:
    from rich.console import Console

# Each command imports what it uses inside its function: `--help`, `--version` and `version`
# load neither the scorer nor the checklists (bench/run.py measures it).
DEFAULT_OUTLINE = "auto"  # api.DEFAULT_OUTLINE (selection.AUTO); tests keep them equal
DEFAULT_TIMEOUT, DEFAULT_MEMORY_MB = 60.0, 1024  # batch.DEFAULT_BUDGET; tests keep them equal
DEFAULT_GAPS = 20  # render.terminal.DEFAULT_GAPS; tests keep them equal

# -h works like --help on every command (click passes context settings down to subcommands).
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _usage_problem(exc: click_errors.UsageError) -> str:
    """A click usage error in the project's "中文 / English" style."""
    english = exc.format_message()
    if isinstance(exc, click_errors.NoSuchOption):
        chinese = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            chinese += ",是否想用 " + " / ".join(sorted(exc.possibilities)) + "?"
    elif isinstance(exc, click_errors.MissingParameter):
        kind = "参数" if exc.param is not None and exc.param.param_type_name == "argument" else "选项"
        chinese = f"缺少{kind}"
    elif isinstance(exc, click_errors.BadOptionUsage):
        chinese = f"选项 {exc.option_name} 用法有误(缺少值?)"
    elif isinstance(exc, click_errors.BadArgumentUsage):
        chinese = "参数有误(多余的参数?)"
    elif isinstance(exc, click_errors.BadParameter):
        chinese = "参数值无效"
    elif english.startswith("No such command"):
        chinese = "没有这个命令"
    elif "unexpected extra argument" in english:
        chinese = "多余的参数"
    else:
        chinese = "用法有误"
    return f"{chinese} / {english}"


def _safe_streams() -> None:
    """On a console that is not UTF (a GBK Windows console, PYTHONIOENCODING=gbk), an unencodable
    character becomes "?" instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


@dataclass(frozen=True)
class _PlainParam(RuntimeParam):
    """typer builds a pydantic TypeAdapter for every parameter of the command run, given or not
    (~20 for `score`, and pydantic's model machinery with them). A parameter left out (None is
    handled before this), a plain string or path, a number written in plain digits or a default
    already of its type needs none: those are taken as typer's own adapter takes them, and anything
    else (a list, "1e3", a bad number) goes to typer's adapter, built then."""

    full: list[RuntimeParam] = field(default_factory=list)  # typer's own, once needed

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        info = self.parameter_info
        kind = self.annotation
        if kind in _PLAIN_NUMBERS and info.parser is None and info.min is None and info.max is None:
            if type(value) is kind:  # a default of the declared type (--timeout, --memory): as it is
                return value
            if isinstance(value, str) and _PLAIN_NUMBERS[kind].fullmatch(value):
                return kind(value)  # plain ASCII digits: what the adapter makes of them; anything else goes to it
        if kind == list[str] and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value) \
                and info.parser is None:
            return list(value)  # batch's file arguments: typer's adapter makes the same list
        if isinstance(value, str) and info.parser is None:
            if self.annotation is str:
                return value  # typer's _parse_cli_str: str(value)
            if self.annotation is Path and info.path_type is None and value:
                # typer's own checks (exists, file_okay, readable …) on the Path it would build
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        if not self.full:
            self.full.append(build_runtime_param(param.type_descriptor))
        return self.full[0]._coerce_value(value, param, ctx)


# Numbers given as plain ASCII digits ("--jobs 2", "--fail-under 60"); the adapter (and its error
# message) takes everything else.
_PLAIN_NUMBERS: dict[type, Any] = {int: regexes.compile(r"-?[0-9]{1,18}"), float: regexes.compile(r"-?[0-9]{1,18}(\.[0-9]{1,18})?")}


def _plain(param: Any) -> None:
    """Give a typer parameter _PlainParam instead of the adapter typer would build on first use."""
    desc = getattr(param, "type_descriptor", None)
    if isinstance(param, _TyperParameter) and param._runtime_param is None and desc is not None \
            and desc.file_annotation is None:
        param._runtime_param = _PlainParam(desc.parameter_info, desc.annotation)


HELP_TEXT = "显示帮助并退出"


class _ChineseHelp:
    """-h/--help described in Chinese like every other option (click's text is English); every
    parameter, the help option included, coerced by _PlainParam."""

    def get_help_option(self, ctx: Any) -> Any:
        opt = super().get_help_option(ctx)  # type: ignore[misc]
        if opt is not None:
            opt.help = HELP_TEXT
            _plain(opt)
        return opt

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:  # type: ignore[attr-defined]
            _plain(param)


class Command(_ChineseHelp, TyperCommand):
    """Every command: typer's, with the help option in Chinese and no pydantic adapter for a
    parameter left out or given as a plain string or path (_PlainParam)."""


class Group(_ChineseHelp, TyperGroup):
    """The top-level group: every way a run can end is handled here, so the entry point and
    in-process tests (typer's CliRunner) behave the same: exit 2 and one line for a usage error or
    bad input, never a traceback."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        _safe_streams()
        sys.exit(_run(lambda: super(Group, self).main(args, prog_name, complete_var, standalone_mode=False,
                                                      windows_expand_args=windows_expand_args, **extra)))


def _run(call: Callable[[], Any]) -> int:
    """Run the app without click's standalone mode; the exit code for every outcome."""
    try:
        code = call()  # without standalone mode click returns an Exit's code instead of exiting
        return code if isinstance(code, int) else 0
    except click_errors.NoArgsIsHelpError as exc:  # bare `wuchuan-check`: the help, not an error
        typer.echo(exc.format_message())
        return 0
    except click_errors.UsageError as exc:
        # one line: the problem and where the help is (the usage line is `-h`'s first line)
        hint = f" (帮助 / help: {exc.ctx.command_path if exc.ctx is not None else 'wuchuan-check'} -h)"
        _err().print(f"错误 / error: {_usage_problem(exc)}{hint}")
        return 2
    except click_errors.ClickException as exc:
        _err().print(f"错误 / error: {exc.format_message()}")
        return exc.exit_code
    except InputError as exc:
        _err().print(f"错误 / error: {exc}")
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except OSError as exc:  # e.g. a report that vanished while we read it
        where = f"{exc.filename}: " if exc.filename else ""
        _err().print(f"错误 / error: {where}{exc.strerror or exc}")
        return 2
    except (typer.Abort, KeyboardInterrupt):
        _err().print("已取消 / interrupted")
        return 130
    except Exception as exc:  # a genuine bug
        if os.environ.get("WUCHUAN_DEBUG"):
            raise
        _err().print(f"内部错误 / internal error: {type(exc).__name__}: {exc} (设置 WUCHUAN_DEBUG=1 查看详情)")
        return 3


# rich_markup_mode=None: click's plain help layout. typer's rich help imports rich.markdown
# (markdown-it) and rich.traceback (pygments) for every `--help`, ~0.6x the yardstick's CPU.
app = typer.Typer(
    cls=Group,
    context_settings=CONTEXT,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="对照《法治政府建设实施纲要》逐项评估法治政府建设报告,输出完成情况与差距清单。",
)
outline_app = typer.Typer(cls=Group, no_args_is_help=True, context_settings=CONTEXT, rich_markup_mode=None,
                          help="查看或校验纲要清单。")
app.add_typer(outline_app, name="outline")

_stderr: list[Console] = []


def _err() -> Console:
    """The one stderr console, made on first use: `--help` and `version` need no rich console.
    markup=False: a path like `missing[/x].txt` or `[bold]x.txt` is printed as it is; emoji=False:
    so is a `:warning:` in a file name or a report's sentence."""
    if not _stderr:
        from rich.console import Console

        _stderr.append(Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False))
    return _stderr[0]


def _console() -> Console:
    """The stdout console: text from reports and file names printed as it is (no markup, no
    `:name:` emoji codes)."""
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


def _outline_value(value: str) -> str:
    """`--outline 2015—2020` as an IME types it means 2015-2020."""
    from wuchuan_check.checklist.selection import outline_name

    return str(outline_name(value))


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"wuchuan-check {__version__}")  # plain text: no rich console to load
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_show_version, is_eager=True, help="显示版本并退出"),
) -> None:
    """对照《法治政府建设实施纲要》逐项评估法治政府建设报告,输出完成情况与差距清单。"""


@app.command(cls=Command)
def score(
    report: Path = typer.Argument(..., help="报告文件(txt/docx/pdf/html);- 表示从标准输入读取"),
    outline: str = typer.Option(DEFAULT_OUTLINE, "--outline", callback=_outline_value, help="auto(按报告年度和引用自动选择)、纲要编号(2015-2020/2021-2025)或清单文件"),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="政府层级:province/city/county/township/department(或 省/市/县/乡镇/部门);默认从报告推断"),
    tailoring: Optional[Path] = typer.Option(None, "--tailoring", "-t", help="裁剪文件(YAML):标为不涉及或必须的支项及理由"),
    detail: bool = typer.Option(False, "--detail", "-d", help="列出每个支项及其最佳证据"),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="差距清单写入 CSV(UTF-8 BOM,Excel 可直接打开)"),
    csv_all: bool = typer.Option(False, "--csv-all", help="CSV 写入全部支项,而不只是差距"),
    json_path: Optional[Path] = typer.Option(None, "--json", help="完整结果写入 JSON 文件"),
    xlsx_path: Optional[Path] = typer.Option(None, "--xlsx", help="写入 Excel 工作簿:总体情况、差距清单、全部支项"),
    html_path: Optional[Path] = typer.Option(None, "--html", help="写入单个 HTML 页面(含图表,可离线打开)"),
    fmt: str = typer.Option("table", "--format", "-f", help="终端输出:table 或 json"),
    explain: Optional[str] = typer.Option(None, "--explain", "-e", help="解释某个支项(如 M21.4)或分项(如 M21)的判定:命中的关键词、得分、具体程度、标题对应与判定规则"),
    docx_path: Optional[Path] = typer.Option(None, "--docx", help="写入 Word 文档(A4,公文格式):总体情况、分大项、分项与整改台账"),
    indicators_csv: Optional[Path] = typer.Option(None, "--indicators-csv", help="主要数据(行政复议、诉讼、出庭应诉等数字及证据)写入 CSV,每个指标一行"),
    gaps: str = typer.Option(str(DEFAULT_GAPS), "--gaps", help="终端列出的差距项数(先列未体现),或 all 列出全部"),
    summary: bool = typer.Option(False, "--summary", help="终端只打印总体情况(两个完成率)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="终端不打印记分卡与提示,只打印错误(输出文件照常写入)"),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", help="完成率(适用项)低于此值时退出码为 1(百分数如 60,或 0–1 如 0.6)"),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="文本/HTML 报告的文字编码(如 gb18030、utf-8、big5),不自动识别"),
    review_path: Optional[Path] = typer.Option(None, "--review", help="人工复核文件:填好复核结论等列的差距清单 CSV/XLSX,或 YAML;各输出同时给出机器判定与复核后结果"),
    db_path: Optional[Path] = typer.Option(None, "--db", help="结果追加写入 SQLite 数据库(报告、分项、支项、主要数据与复核结论,见 docs/database.md)"),
) -> None:
    """对一份报告评分:终端记分卡,可导出差距清单 CSV 与 JSON。"""
    from wuchuan_check.api import parse_level, score_file
    from wuchuan_check.render.terminal import render

    if fmt not in ("table", "json"):
        raise InputError(None, f"--format 只能是 table 或 json / --format must be table or json, not {fmt!r}")
    gap_limit, threshold = gaps_limit(gaps), None if fail_under is None else rate_threshold(fail_under)
    if encoding is not None:
        from wuchuan_check.reading.formats import check_encoding

        check_encoding(encoding)  # a bad name fails before the work
    outputs = (csv_path, json_path, xlsx_path, html_path, docx_path, indicators_csv)
    inputs = [p for p in (report, tailoring, Path(outline), review_path) if p is not None]
    # --format json is one more output to stdout: it cannot share it with `--csv -`.
    check_outputs([*outputs, db_path, STDOUT if fmt == "json" else None], inputs)  # before the work, not after
    if db_path is not None:
        from wuchuan_check.render.database import check_database

        check_database(db_path)
    card = score_file(report, outline, parse_level(level), tailoring=tailoring, encoding=encoding)
    review = _review(card, review_path)
    if fmt == "json" or csv_path or json_path or indicators_csv:
        # only when asked: export imports the review and explanation layers a terminal scorecard does not need
        from wuchuan_check.render.export import scorecard_dict, write_csv, write_csv_rows, write_json
    if fmt == "json":
        sys.stdout.write(json.dumps(scorecard_dict(card, review), ensure_ascii=False, indent=2) + "\n")
    elif quiet:
        pass
    elif explain is not None:
        from wuchuan_check.render.explain import render_explain

        render_explain(card, explain, _console())
    elif not any(map(is_stdout, outputs)):  # stdout holds the CSV/JSON asked for with `-`
        render(card, _console(), detail=detail, gaps=gap_limit, summary=summary)
        if review is not None:
            from wuchuan_check.render.review import render_review

            render_review(review, _console(), summary=summary)
    notes = []
    if csv_path:
        n = write_csv(card, csv_path, only_gaps=not csv_all, review=review)
        notes.append(_written(csv_path, n))
    if json_path:
        write_json(card, json_path, review)
        notes.append(_written(json_path))
    if xlsx_path:
        from wuchuan_check.render.xlsx import save_workbook, scorecard_workbook  # openpyxl is slow to import: only when asked

        save_workbook(scorecard_workbook(card, review), xlsx_path)
        notes.append(_written(xlsx_path))
    if html_path:
        from wuchuan_check.render.html import scorecard_html  # only when asked: it imports the batch module too

        write_text(html_path, scorecard_html(card, review))
        notes.append(_written(html_path))
    if docx_path:
        from wuchuan_check.render.docx import write_docx  # python-docx is slow to import: only when asked

        write_docx(card, docx_path, review)
        notes.append(_written(docx_path))
    if indicators_csv:
        from wuchuan_check.render.indicators import TABLE_COLUMNS, table_rows

        notes.append(_written(indicators_csv, write_csv_rows(indicators_csv, TABLE_COLUMNS, table_rows(card.indicators))))
    if db_path:
        from wuchuan_check.render.database import write_scorecard

        rid = write_scorecard(card, db_path, review, _command_line())
        notes.append(f"已写入 {db_path}(报告编号 {rid})")
    for note in notes if not quiet else ():
        _err().print(note)
    rate = card.tally.rate_applicable
    if threshold is not None and (rate is None or rate < threshold):
        shown = "—" if rate is None else f"{rate:.1%}"
        _err().print(f"完成率(适用项) {shown} 低于 --fail-under {threshold:.1%} / applicable-item completion rate below the required minimum")
        raise typer.Exit(1)


def _review(card: Any, path: Path | None) -> Any:
    """The reviewer's decisions over the card (review.py); each problem in the file is one line, exit 2."""
    if path is None:
        return None
    from wuchuan_check.render.review import review_notes
    from wuchuan_check.scoring.review import ReviewError, load_review

    try:
        review = load_review(card, path)
    except ReviewError as exc:
        for line in exc.problems:
            _err().print(f"错误 / error: {line}")
        raise typer.Exit(2)
    for line in review_notes(review):
        _err().print(line)
    return review


def _command_line() -> str:
    """What the database's runs table records of this invocation."""
    return " ".join(["wuchuan-check", *sys.argv[1:]])


def gaps_limit(value: str) -> int | None:
    """`--gaps N|all`: how many gaps the terminal lists; None means all."""
    if value.strip().lower() in ("all", "全部"):
        return None
    if not value.strip().isdigit():
        raise InputError(None, f"--gaps 应为非负整数或 all / --gaps must be a count or all, not {value!r}")
    return int(value)


def rate_threshold(value: float) -> float:
    """`--fail-under` as a 0–1 rate: 60 means 60%, 0.6 means 60% (values up to 1 are rates)."""
    if not 0 <= value <= 100:
        raise InputError(None, f"--fail-under 应在 0–100(百分数)或 0–1 之间 / --fail-under must be 0–100 or 0–1, not {value}")
    return value if value <= 1 else value / 100


def _written(path: Path, rows: int | None = None) -> str:
    where = "标准输出 / stdout" if is_stdout(path) else str(path)
    return f"已写入 {where}" + (f"({rows} 行)" if rows is not None else "")


@outline_app.command("show", cls=Command)
def outline_show(
    outline: str = typer.Option("2015-2020", "--outline", callback=_outline_value, help="纲要编号或清单文件"),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="只标出适用于该层级的支项"),
    items: bool = typer.Option(True, "--items/--no-items", help="是否列出支项"),
) -> None:
    """以树形列出纲要的大项、分项、支项及统计。"""
    from wuchuan_check.api import parse_level
    from wuchuan_check.checklist.model import load_outline
    from wuchuan_check.render.outline import render_outline

    render_outline(load_outline(outline), _console(), parse_level(level), show_items=items)


@outline_app.command("validate", cls=Command)
def outline_validate(file: Path = typer.Argument(..., help="要校验的清单 YAML 文件")) -> None:
    """校验自定义清单文件(如省级实施方案),有错误时逐条列出并以退出码 1 结束;文件无法读取时一行说明,退出码 2。"""
    from wuchuan_check.checklist.model import parse_checklist_file, read_utf8_file
    from wuchuan_check.errors import ChecklistError
    from wuchuan_check.render.outline import examples_failures

    try:
        text = read_utf8_file(file)
    except ChecklistError as exc:  # missing, not a file, too large, not text: bad input, not a failed check
        raise InputError(file, exc.problems[0]) from None
    try:
        checklist = parse_checklist_file(text, file)
    except ChecklistError as exc:
        _err().print(f"{file}: 共 {len(exc.problems)} 处错误 / {len(exc.problems)} problem(s)")
        for problem in exc.problems:
            _err().print(f"{file}: {problem}")
        raise typer.Exit(1)
    failures = examples_failures(checklist, file)
    for line in failures:
        _err().print(line)
    if failures:
        raise typer.Exit(1)
    c = checklist.counts()
    _console().print(f"{file}: 校验通过 / valid — {c['areas']} 大项, {c['measures']} 分项, {c['items']} 支项")


@outline_app.command("lint", cls=Command)
def outline_lint(
    files: Optional[list[str]] = typer.Argument(None, help="清单文件或内置纲要编号(默认:全部内置纲要)"),
) -> None:
    """列出两个字的关键词、多个支项共用的关键词、没有示例命中的关键词和示例不通过的支项;有警告时退出码为 1。"""
    from wuchuan_check.checklist.model import builtin_outline_ids, load_outline
    from wuchuan_check.checklist.selection import outline_name
    from wuchuan_check.render.outline import render_lint

    names = files or builtin_outline_ids()
    total = sum(render_lint(load_outline(outline_name(name)), name, _console()) for name in names)
    if total:
        raise typer.Exit(1)


@app.command("eval", cls=Command)
def eval_cmd(
    gold: Path = typer.Argument(..., help="金标准 TSV:report<TAB>[outline<TAB>]measure<TAB>label(0/1/2),或按支项 report<TAB>item<TAB>label(0/1/2/na);`eval agree A.tsv B.tsv` 计算两位标注者的一致性"),
    reports: Optional[list[Path]] = typer.Argument(None, help="要评估的报告文件(文件名须与金标准中的 report 一致)"),
    outline: str = typer.Option("2015-2020", "--outline", callback=_outline_value, help="金标准未写明纲要时所依据的纲要编号、清单文件或 auto"),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="开发集清单(id、url、split):按 id 从 --texts 目录读取 <id>.txt"),
    texts: Optional[Path] = typer.Option(None, "--texts", help="开发集文本目录(默认:清单所在目录)"),
    split: Optional[str] = typer.Option(None, "--split", help="只评估清单中该部分(tune / test)"),
    annotator: Optional[list[Path]] = typer.Option(None, "--annotator", help="两位标注者的原始标注文件(默认:金标准旁的 labels-*.tsv)"),
    loro: bool = typer.Option(False, "--loro", help="留一报告交叉验证阈值 done_score/partial_score"),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="分项级 F1 低于此值时以退出码 1 结束(回归保护)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不列出不一致之处"),
) -> None:
    """用人工标注评估准确性:精确率、召回率、F1,与两个基线及标注者一致性对比,并列出不一致之处。"""
    from wuchuan_check.evaluation.metrics import agreement, load_gold
    from wuchuan_check.evaluation.run import run_eval
    from wuchuan_check.render.eval import render_agreement, render_eval

    if str(gold) == "agree":
        files = list(reports or [])
        if len(files) != 2:
            raise InputError(None, "eval agree 需要两个标注文件 / eval agree needs two label files")
        render_agreement(agreement(load_gold(files[0]), load_gold(files[1]), (files[0].stem, files[1].stem)), _console())
        return
    if not reports and manifest is None:
        raise InputError(None, "请给出报告文件或 --manifest / give report files or --manifest")
    result = run_eval(gold, list(reports or []), outline, manifest=manifest, texts=texts, split=split,
                      annotators=annotator or None, loro=loro)
    render_eval(result, _console(), show_disagreements=not quiet)
    f1 = result.strict["wuchuan-check"].f1
    if min_f1 is not None and f1 < min_f1:
        _err().print(f"F1 {f1:.3f} 低于要求的 {min_f1:.3f} / F1 below the required minimum")
        raise typer.Exit(1)


@app.command(cls=Command)
def batch(
    paths: list[str] = typer.Argument(..., help="报告文件、文件夹(递归查找 txt/docx/pdf/html/htm)或通配符"),
    outline: str = typer.Option(DEFAULT_OUTLINE, "--outline", callback=_outline_value, help="auto(每份报告自动选择)、纲要编号或清单文件"),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="政府层级(所有报告相同);默认逐份从报告推断"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数,默认为全部 CPU 核"),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="分项矩阵 CSV:每份报告×每个分项一行(UTF-8 BOM),边评分边写入"),
    json_path: Optional[Path] = typer.Option(None, "--json", help="JSON 文件:每份报告的汇总与分项状态(不含支项证据),边评分边写入"),
    jsonl_path: Optional[Path] = typer.Option(None, "--jsonl", help="JSON Lines 文件:每份报告一行(同 --json 中的记录),边评分边写入;失败的文件在末尾各一行"),
    xlsx_path: Optional[Path] = typer.Option(None, "--xlsx", help="Excel 工作簿:总体情况、排名、分项矩阵、分项汇总"),
    html_path: Optional[Path] = typer.Option(None, "--html", help="单个 HTML 页面:排名与报告×分项热力图"),
    indicators_csv: Optional[Path] = typer.Option(None, "--indicators-csv", help="主要数据矩阵 CSV:每份报告一行、每个指标一列(未找到为空),边评分边写入"),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", help="每个文件的评分时限(秒);超时的文件记为失败,其余照常"),
    memory: int = typer.Option(DEFAULT_MEMORY_MB, "--memory", help="每个文件可用的内存(MB,Linux);超出的文件记为失败,其余照常"),
    db_path: Optional[Path] = typer.Option(None, "--db", help="结果追加写入 SQLite 数据库:每次运行、每份报告及其分项、支项、主要数据(见 docs/database.md)"),
    docx_path: Optional[Path] = typer.Option(None, "--docx", help="Word 汇总(A4):运行信息、排名、平均完成率、报告×分项状态表与失败文件"),
) -> None:
    """批量评分:多份报告并行评分,打印排名;一个文件读不了只记为失败,不影响其他报告。"""
    from wuchuan_check.api import parse_level
    from wuchuan_check.render.batch import batch_progress, end_line, failure_line, ranking_table
    from wuchuan_check.render.batchfiles import BatchFiles
    from wuchuan_check.render.html import batch_html, is_own_page
    from wuchuan_check.render.tables import print_table
    from wuchuan_check.runs.batch import Budget, collect_paths, run_batch, worker_count

    budget = Budget(timeout, memory)
    budget.check()  # a bad option is one line, before any progress bar or file is touched
    worker_count(jobs)
    lvl = parse_level(level)

    outputs = [p for p in (csv_path, json_path, xlsx_path, html_path, indicators_csv, jsonl_path, docx_path, db_path) if p]
    files, missing = collect_paths(paths)
    # A page an earlier `batch --html` wrote into the input folder is no report: it is replaced, not
    # scored. Any other input named as an output is refused by check_outputs.
    files = [f for f in files if not (html_path and same_file(f, html_path) and is_own_page(f))]
    check_outputs(outputs, [*files, Path(outline)])  # fail before a long batch, not after it
    if db_path is not None:
        from wuchuan_check.render.database import check_database

        check_database(db_path)
    for failure in missing:
        _err().print(failure_line(failure), markup=False)
    if not files:
        raise InputError(None, "没有找到可评分的报告文件(txt/docx/pdf/html/htm)/ no report files found")
    with batch_progress(_err(), len(files)) as advance:
        result = run_batch(files, outline, lvl, jobs, missing, advance, budget,
                           BatchFiles(csv_path, json_path, jsonl_path, indicators_csv, db_path, (_command_line(), outline)))
    if not any(map(is_stdout, outputs)):  # stdout holds the CSV/JSON asked for with `-`
        print_table(_console(), ranking_table(result))
    if xlsx_path:
        from wuchuan_check.render.xlsx import batch_workbook, save_workbook  # openpyxl is slow to import: only when asked

        save_workbook(batch_workbook(result), xlsx_path)
    if html_path:
        write_text(html_path, batch_html(result))
    if docx_path:
        from wuchuan_check.render.docx import write_batch_docx  # python-docx is slow to import: only when asked

        write_batch_docx(result, docx_path, _command_line())
    for out in outputs:
        _err().print(_written(out))
    _err().print(end_line(result))


@app.command(cls=Command)
def compare(
    old: Path = typer.Argument(..., help="原报告(如上一年度的报告);用 --db 时为数据库中的报告编号或文件路径"),
    new: Path = typer.Argument(..., help="新报告(如本年度的报告,或另一地方的报告);用 --db 时同上"),
    outline: str = typer.Option(DEFAULT_OUTLINE, "--outline", callback=_outline_value, help="auto、纲要编号或清单文件(两份报告用同一纲要)"),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="政府层级(两份报告相同);默认分别从报告推断"),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="逐分项、逐支项的变化写入 CSV(UTF-8 BOM)"),
    db_path: Optional[Path] = typer.Option(None, "--db", help="从结果数据库(batch --db)取两份报告比较,不重新评分"),
) -> None:
    """对比两份报告:新完成、退步、仍未体现的分项和支项,以及两个完成率的变化。"""
    from wuchuan_check.api import parse_level
    from wuchuan_check.render.compare import render_compare, write_compare_csv
    from wuchuan_check.runs.compare import compare_files

    if db_path is not None:
        from wuchuan_check.render.database import compare_stored

        if outline != DEFAULT_OUTLINE or level is not None:  # stored reports keep the outline and level they were scored with
            raise InputError(None, "--db 时不能用 --outline / --level(按入库时的评分比较) / --outline and --level do not apply with --db")
        check_outputs([csv_path], [db_path])
        cmp = compare_stored(db_path, str(old), str(new))
    else:
        check_outputs([csv_path], [old, new, Path(outline)])
        cmp = compare_files(old, new, outline, parse_level(level))
    if not is_stdout(csv_path):
        render_compare(cmp, _console())
    if csv_path:
        n = write_compare_csv(cmp, csv_path)
        _err().print(_written(csv_path, n))


@app.command(cls=Command)
def version() -> None:
    """显示版本。"""
    typer.echo(f"wuchuan-check {__version__}")


def main() -> None:
    """Entry point: the group's own main handles every outcome (see Group)."""
    app()


if __name__ == "__main__":
    main()
