"""The indicators file's schema as pydantic models: imported only to validate a file (a user's
`--indicators` file, the tests' check of the shipped one), never to score with the built-in spec.
Validated entries become scoring.indicators' plain Indicator dataclasses."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from wuchuan_check.checklist.schema import Strict, no_blank
from wuchuan_check.scoring.indicators import TERM_FIELDS, Combine, normalise_terms

__all__ = ["ValidationError", "validate"]


class _Indicator(Strict):
    id: str
    name: str = Field(min_length=2)
    unit: str = Field(min_length=1)
    units: tuple[str, ...] = ()
    measures: dict[str, str] = Field(min_length=1)
    subjects: tuple[str, ...] = Field(min_length=1)
    qualifiers: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()
    zero: tuple[str, ...] = ()
    stock: bool = False
    other_bodies: tuple[str, ...] = ()
    own_words: tuple[str, ...] = ()
    combine: Combine = "total"
    note: str | None = None

    _v_terms = field_validator(*TERM_FIELDS, mode="before")(normalise_terms)
    _v_blank = field_validator(*TERM_FIELDS)(no_blank("词语不能为空字符串 / empty term"))


class _IndicatorsDoc(Strict):
    schema_: Literal["wuchuan-check/indicators/v1"] = Field(alias="schema")
    indicators: tuple[_Indicator, ...] = Field(min_length=1)


def validate(data: Any) -> None:
    """Raise pydantic's ValidationError (its errors() carry the loc paths) for an invalid file."""
    _IndicatorsDoc.model_validate(data)
