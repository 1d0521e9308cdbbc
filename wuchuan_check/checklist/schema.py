"""The checklist schema as pydantic models: imported only to validate a YAML file (a cache miss,
`outline validate`), never to score with a cached checklist. Validated documents are handed back
as model.py's plain dataclasses, so a parsed (and pickled) checklist needs no pydantic to load."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wuchuan_check.checklist import model
from wuchuan_check.reading.document import Level

__all__ = ["ValidationError", "Strict", "checklist_doc", "examples_doc", "no_blank"]


class Strict(BaseModel):
    """The base of every data file's schema (checklists, indicators). Unknown fields are errors:
    a typo such as `keyword:` must not silently drop data."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def no_blank(message: str) -> Any:
    """A field validator refusing an empty string in a list of terms, with `message`."""

    def check(v: tuple[str, ...]) -> tuple[str, ...]:
        if any(not t for t in v):
            raise ValueError(message)
        return v

    return check


def _levels(value: Any) -> Any:
    """`all` is shorthand for every level; a single string is a one-level list. An empty list
    is refused: it would otherwise read as "not set" and silently mean every level."""
    if value == [] or value == ():
        raise ValueError("层级列表不能为空(删去此字段表示沿用上级,或写 all) / levels must not be empty")
    if value == "all":
        return list(model.ALL_LEVELS)
    if isinstance(value, str):
        return [value]
    return value


def _terms(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v).strip() if isinstance(v, (str, int)) else v for v in value]
    return value


class Example(Strict):
    text: str = Field(min_length=4)
    role: model.ExampleRole = "achievement"


def _examples_list(value: Any) -> Any:
    """A bare string is an example in the achievement part."""
    if isinstance(value, list):
        return [{"text": v} if isinstance(v, str) else v for v in value]
    return value


class Examples(Strict):
    done: tuple[Example, ...] = ()
    not_done: tuple[Example, ...] = ()

    _v_lists = field_validator("done", "not_done", mode="before")(_examples_list)


class Item(Strict):
    id: str
    text: str = Field(min_length=4)
    keywords: tuple[str, ...] = Field(min_length=1)
    related: tuple[str, ...] = ()
    levels: tuple[Level, ...] | None = None
    examples: Examples | None = None
    lint_ok: dict[str, str] = Field(default_factory=dict)

    _v_levels = field_validator("levels", mode="before")(_levels)
    _v_terms = field_validator("keywords", "related", mode="before")(_terms)

    _v_blank = field_validator("keywords", "related")(no_blank("关键词不能为空字符串 / empty keyword"))


class Measure(Strict):
    id: str
    number: int | None = None
    title: str = Field(min_length=2)
    keywords: tuple[str, ...] = ()
    levels: tuple[Level, ...] | None = None
    items: tuple[Item, ...] = Field(min_length=1)

    _v_levels = field_validator("levels", mode="before")(_levels)
    _v_terms = field_validator("keywords", mode="before")(_terms)


class Area(Strict):
    id: str
    number: str | None = None
    title: str = Field(min_length=2)
    goal: str | None = None
    standard: str | None = None
    numbering: model.Numbering | None = None
    measures: tuple[Measure, ...] = Field(min_length=1)


class OutlineMeta(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str
    short_title: str | None = None
    issuer: str | None = None
    date: str | None = None
    version: str = "1"
    period: tuple[int, int] | None = None
    based_on: str | None = None
    numbering: model.Numbering = "arabic"
    cite_patterns: tuple[str, ...] = ()
    note: str | None = None


class ChecklistDoc(Strict):
    schema_: Literal["wuchuan-check/checklist/v1"] = Field(alias="schema")
    outline: OutlineMeta
    areas: tuple[Area, ...] = Field(min_length=1)


class _ExamplesDoc(Strict):
    schema_: Literal["wuchuan-check/examples/v1"] | None = Field(default=None, alias="schema")
    items: dict[str, Examples]


# each schema class -> the runtime dataclass of the same name and fields
_RUNTIME: dict[type[BaseModel], type[Any]] = {
    Example: model.Example, Examples: model.Examples, Item: model.Item, Measure: model.Measure,
    Area: model.Area, OutlineMeta: model.OutlineMeta, ChecklistDoc: model.ChecklistDoc,
}


def _runtime(value: Any) -> Any:
    if isinstance(value, BaseModel):
        cls = _RUNTIME[type(value)]
        return cls(**{name: _runtime(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, tuple):
        return tuple(_runtime(v) for v in value)
    if isinstance(value, dict):
        return {k: _runtime(v) for k, v in value.items()}
    return value


def checklist_doc(data: Any) -> model.ChecklistDoc:
    """A checklist's data validated (ValidationError lists every problem) as runtime types."""
    return _runtime(ChecklistDoc.model_validate(data))  # type: ignore[no-any-return]


def examples_doc(data: Any) -> dict[str, model.Examples]:
    """An examples file's `items`, validated, as runtime types."""
    return _runtime(_ExamplesDoc.model_validate(data).items)  # type: ignore[no-any-return]
