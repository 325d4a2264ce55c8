"""pydantic's validation errors → problems in the words of the source format, at their node."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from build_tools.source.loader import NodePath, SourceFile
from build_tools.source.model import (
    CLAUSE_ID_PATTERN,
    EMAIL_PATTERN,
    LABEL_PATTERN,
    TEXT_PATTERN,
)
from build_tools.source.problems import Problem
from build_tools.source.translation import FINGERPRINT_PATTERN

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a mapping of keys",
    type(None): "nothing (empty)",
}


_EXPECTED = {
    "string": "text",
    "int": "a whole number",
    "bool": "true or false",
    "list": "a list",
    "tuple": "a list",
    "dict": "a mapping of keys",
    "model": "a mapping of keys",
    "date": "a date (YYYY-MM-DD)",
}


def explain(
    source: SourceFile, model: type[BaseModel], err: ValidationError, prefix: NodePath
) -> Iterator[Problem]:
    """Problems for ``err``, raised validating the value at ``prefix`` of ``source``."""
    return _explain(source, model, err, prefix)


def _explain(
    source: SourceFile, model: type[BaseModel], err: ValidationError, prefix: NodePath
) -> Iterator[Problem]:
    details = err.errors(include_url=False)
    failing = [tuple(e["loc"]) for e in details]
    for e in details:
        loc: NodePath = prefix + tuple(p for p in e["loc"] if p != "[key]")
        own = tuple(e["loc"])
        if e["type"] == "too_short" and any(f[: len(own)] == own and f != own for f in failing):
            continue  # an entry failed; its own error says why
        kind = e["type"]
        value = e.get("input")
        if kind == "extra_forbidden":
            yield Problem(source.locate(loc, key=True), _unknown_key(model, loc[len(prefix) :]))
        elif kind == "missing":
            yield Problem(source.locate(loc[:-1]), f"missing required key '{loc[-1]}'")
        elif kind == "enum":
            expected = e.get("ctx", {}).get("expected", "")
            hint = did_you_mean(str(value), _enum_choices(expected))
            message = f"expected one of {expected}, found '{value}'{hint}"
            yield Problem(source.locate(loc), message)
        elif kind == "string_pattern_mismatch":
            pattern = e.get("ctx", {}).get("pattern", "")
            yield Problem(source.locate(loc), _pattern_message(loc, value, pattern))
        elif kind in ("too_short", "too_long") and isinstance(value, list | tuple | dict):
            yield Problem(source.locate(loc), _count_message(loc, kind, e.get("ctx", {})))
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            what = _EXPECTED.get(kind.split("_")[0], e["msg"].removeprefix("Input should be "))
            found = type_name(value)
            yield Problem(source.locate(loc), f"'{_name(loc)}' should be {what}; found {found}")
        else:
            yield Problem(source.locate(loc), f"'{_name(loc)}': {e['msg']}")


def _count_message(loc: NodePath, kind: str, ctx: dict[str, Any]) -> str:
    if kind == "too_long":
        found, most = ctx.get("actual_length"), ctx.get("max_length")
        return f"'{_name(loc)}' has {found} entries; at most {most}"
    least = ctx.get("min_length", 1)
    return f"'{_name(loc)}' needs at least {'one entry' if least == 1 else f'{least} entries'}"


def _name(loc: NodePath) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def type_name(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return f"{name} '{value}'"
    return name


def _enum_choices(expected: str) -> list[str]:
    return [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    normalised = [c for c in choices if c.replace("_", "-") == word.replace("_", "-").lower()]
    best = normalised or close
    return f" (did you mean '{best[0]}'?)" if best else ""


def _unknown_key(model: type[BaseModel], loc: NodePath) -> str:
    fields = sorted(_model_at(model, loc[:-1]).model_fields)
    key = str(loc[-1])
    return f"unknown key '{key}'{did_you_mean(key, fields)}; allowed keys: {', '.join(fields)}"


def _model_at(model: type[BaseModel], loc: NodePath) -> type[BaseModel]:
    """The model class that validates the mapping at ``loc`` below ``model``."""
    current = model
    for part in loc:
        if not isinstance(part, str) or part not in current.model_fields:
            continue
        annotation = current.model_fields[part].annotation
        for candidate in getattr(annotation, "__args__", ()) or (annotation,):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
    return current


def _pattern_message(loc: NodePath, value: Any, pattern: str) -> str:
    if pattern == CLAUSE_ID_PATTERN:
        return (
            f"'{value}' is not a valid id: use upper-case letters and digits in "
            "dash-separated parts, such as SM-PRIV-02"
        )
    if pattern == TEXT_PATTERN:
        return (
            f"'{value}' holds a line break or a control character: write plain text on one "
            "line (the direction marks that reorder text are not allowed either)"
        )
    if pattern == LABEL_PATTERN:
        return f"'{value}' is not a valid label: write one line of plain text, without < > [ ]"
    if pattern == FINGERPRINT_PATTERN:
        return (
            f"'{value}' is not a fingerprint: copy the one `handbook translations "
            "fingerprint` prints for the English text you translated, such as 6e22-7e27-fdbf-73ba"
        )
    if pattern == EMAIL_PATTERN:
        return (
            f"'{value}' is not a valid email address: write one plain address such as "
            "social-media@harbourline.example (letters, digits and . _ + - before the @)"
        )
    return f"'{value}' is not a valid {_name(loc)}: use lower-case letters, digits and dashes"
