"""JSON Schemas for editors, and the format reference page, generated from the source model.

Nothing here is maintained by hand: the pydantic models in :mod:`build_tools.model`
are the one description of the format, and the schemas, the page and the validator
all follow from them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from build_tools.source.model import (
    CLAUSE_ID_PATTERN,
    CYCLE_ID_PATTERN,
    EMAIL_PATTERN,
    GITHUB_HANDLE_PATTERN,
    SLUG_PATTERN,
    Chapter,
    Cycle,
    Example,
    HandbookMeta,
    ItemId,
    Term,
)
from build_tools.source.translation import (
    FINGERPRINT_PATTERN,
    ChapterText,
    ExampleText,
    LanguageFile,
    TermText,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FORMAT_PAGE = "guide/format.md"
JsonSchema = dict[str, Any]
_PATTERNS = {
    CLAUSE_ID_PATTERN: "id such as `SM-PRIV-02` (upper case, dash-separated)",
    SLUG_PATTERN: "lower-case words joined by dashes, such as `senior-managers`",
    CYCLE_ID_PATTERN: "cycle id such as `2026-H1`",
    GITHUB_HANDLE_PATTERN: "GitHub handle such as `@org/team`",
    EMAIL_PATTERN: "email address such as `social-media@harbourline.example`",
    FINGERPRINT_PATTERN: "fingerprint such as `6e22-7e27-fdbf-73ba`",
}


@dataclass(frozen=True)
class SourceKind:
    """One kind of source file: its schema name, where such files live, what they hold."""

    name: str
    files: str
    model: Any
    title: str
    description: str

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


KINDS = (
    SourceKind(
        "handbook",
        "handbook.yml",
        HandbookMeta,
        "Handbook settings",
        "Title, owner, audiences, editions and lint thresholds of the whole handbook.",
    ),
    SourceKind(
        "chapter",
        "chapters/*.yml",
        Chapter,
        "Chapter",
        "One chapter: its id, title, intro and clauses, in reading order.",
    ),
    SourceKind(
        "example",
        "examples/*.yml",
        Example,
        "Worked example",
        "One real-life scenario and the clauses it illustrates.",
    ),
    SourceKind(
        "glossary",
        "glossary.yml",
        list[Term],
        "Glossary",
        "A list of defined terms. Link a term from any text with [[term]].",
    ),
    SourceKind(
        "cycles",
        "cycles.yml",
        list[Cycle],
        "Review cycles",
        "A list of closed and approved review cycles, oldest first.",
    ),
    SourceKind(
        "translation-language",
        "translations/*/language.yml",
        LanguageFile,
        "Translation: the language",
        "One language's name, what `handbook check` reports about it, and the handbook-level "
        "words: title and intro, audiences, tags, editions, quick answers and page labels.",
    ),
    SourceKind(
        "translation-chapter",
        "translations/*/chapters/*.yml",
        ChapterText,
        "Translation: a chapter",
        "One chapter in another language: its title and intro, and its clauses by id. Each "
        "item's `source` is the fingerprint of the English it was translated from.",
    ),
    SourceKind(
        "translation-examples",
        "translations/*/examples.yml",
        dict[ItemId, ExampleText],
        "Translation: the worked examples",
        "The worked examples in another language, keyed by example id.",
    ),
    SourceKind(
        "translation-glossary",
        "translations/*/glossary.yml",
        dict[str, TermText],
        "Translation: the glossary",
        "The glossary in another language, keyed by the English term.",
    ),
)


def json_schema(kind: SourceKind) -> JsonSchema:
    """The JSON Schema of one kind of source file."""
    body = _closed(TypeAdapter(kind.model).json_schema(mode="validation"))
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": kind.schema_file,
        **body,
        "title": kind.title,
        "description": f"{kind.description} (policy_src/{kind.files})",
    }


def _closed(node: Any) -> Any:
    """Mappings keyed by a pattern (audience ids, edition ids) reject other keys, as the
    validator does; pydantic's schema leaves them open."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _closed(value) for key, value in node.items()}
    if "patternProperties" in closed:
        closed.setdefault("additionalProperties", False)
    return closed


def schema_files() -> dict[str, str]:
    """Every schema file's name and its text, as committed under ``schemas/``."""
    return {
        kind.schema_file: json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
        for kind in KINDS
    }


def vscode_mapping(source: str = "policy_src", schemas: str = "schemas") -> dict[str, str]:
    """The ``yaml.schemas`` setting that maps each source file pattern to its schema."""
    return {f"./{schemas}/{kind.schema_file}": f"{source}/{kind.files}" for kind in KINDS}


def format_reference() -> str:
    """The format reference page (Markdown), written from the schemas' descriptions."""
    parts = [
        "# Format reference",
        "Every key of every source file, generated from the same model that `handbook check` "
        "uses, so this page always matches the checker. Keys marked **required** must be "
        "present; the others may be left out.",
    ]
    for kind in KINDS:
        schema = json_schema(kind)
        parts.append(f"## {kind.title}: `{kind.files}` {{ #{kind.name} }}")
        parts.append(kind.description)
        defs: dict[str, JsonSchema] = schema.get("$defs", {})
        top = schema if schema.get("type") == "object" else _resolve(schema["items"], defs)
        if top is not schema:
            parts.append("The file is a list; each entry has these keys:")
        elif "properties" not in schema:  # a mapping: id or term → entry
            entries = schema.get("additionalProperties") or next(
                iter(schema.get("patternProperties", {}).values())
            )
            top = _resolve(entries, defs)
            parts.append("The file is a mapping (id or English term → entry); each entry has:")
        parts.append(_table(top, defs, kind))
        for name in _nested(top, defs):
            parts.append(f"### {name} {{ #{kind.name}-{name.lower()} }}")
            parts.append(_table(defs[name], defs, kind))
    return "\n\n".join(parts) + "\n"


def _resolve(schema: JsonSchema, defs: dict[str, JsonSchema]) -> JsonSchema:
    ref = schema.get("$ref", "")
    return defs[ref.rsplit("/", 1)[-1]] if ref else schema


def _nested(model: JsonSchema, defs: dict[str, JsonSchema]) -> list[str]:
    """Names of the object definitions used below ``model``, in order of first use."""
    found: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1] if ref else ""
            if name and name not in found and defs[name].get("type") == "object":
                found.append(name)
                visit(defs[name])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(model.get("properties", {}))
    return found


def _table(model: JsonSchema, defs: dict[str, JsonSchema], kind: SourceKind) -> str:
    required = set(model.get("required", ()))
    rows = ["| Key | Value | Required | Meaning |", "| --- | --- | --- | --- |"]
    for key, prop in model.get("properties", {}).items():
        need = "**required**" if key in required else _default(prop)
        meaning = str(prop.get("description", "")).replace("|", "\\|")
        rows.append(f"| `{key}` | {_type(prop, defs, kind)} | {need} | {meaning} |")
    return "\n".join(rows)


def _default(prop: JsonSchema) -> str:
    if "default" not in prop or prop["default"] in (None, [], {}):
        return "optional"
    default = prop["default"]
    if isinstance(default, dict | list):
        return "optional"
    return f"optional (default `{default}`)"


def _type(prop: JsonSchema, defs: dict[str, JsonSchema], kind: SourceKind) -> str:
    options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
    return " or ".join(_one_type(o, defs, kind) for o in options)


def _one_type(node: JsonSchema, defs: dict[str, JsonSchema], kind: SourceKind) -> str:
    if "$ref" in node:
        target = _resolve(node, defs)
        if "enum" in target:
            return "one of " + ", ".join(f"`{v}`" for v in target["enum"])
        name = str(target["title"])
        return f"[{name}](#{kind.name}-{name.lower()})"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    kind_of = node.get("type")
    if kind_of == "array":
        return "list of " + _one_type(node.get("items", {}), defs, kind)
    if kind_of == "object":
        patterns = node.get("patternProperties", {})
        if patterns:
            pattern, values = next(iter(patterns.items()))
            key = _PATTERNS.get(pattern, f"key matching `{pattern}`")
        else:
            key, values = "text", node.get("additionalProperties", {})
        return f"mapping of {key} → {_one_type(values, defs, kind)}"
    if kind_of == "string":
        return _string(node)
    return {"integer": "whole number", "number": "number", "boolean": "true/false"}.get(
        str(kind_of), str(kind_of)
    )


def _string(node: JsonSchema) -> str:
    if node.get("format") == "date":
        return "date (YYYY-MM-DD)"
    pattern = node.get("pattern")
    if pattern:
        return _PATTERNS.get(pattern, f"text matching `{pattern}`")
    return "text"
