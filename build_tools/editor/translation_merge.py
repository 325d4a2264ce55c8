"""From a language's translation to a translator's units, and from the units back to the
translation files (``translations/<code>/``), as plain YAML.

Importing never loses a translation the file does not mention, and leaves an item whose words
are unchanged exactly as it was (with the fingerprint it records, so a stale item stays stale
until someone translates it again). A changed item records the fingerprint of the English words
in the file: whoever translated an old English text gets a stale item, honestly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.editor.translation_files import Segment, Unit
from build_tools.source.model import Handbook, Location
from build_tools.source.problems import Problem
from build_tools.source.translation import Translation
from build_tools.views.translation_status import Item, english_items, recorded, status


def units_for(
    handbook: Handbook, translation: Translation, older: Iterable[Handbook] = ()
) -> list[Unit]:
    """Every item of the working copy ``handbook`` as a unit, with its translation and, for a
    stale one, the English words it was translated from when ``handbook`` or one of the
    ``older`` texts (the approved snapshots) still has them."""
    by_print: dict[tuple[str, str], Item] = {}
    for text in (handbook, *older):
        for item in english_items(text):
            by_print.setdefault((item.key, item.fingerprint), item)
    units = []
    for row in status(handbook, translation):
        item = row.item
        found = recorded(translation, item)
        words = found[1] if found else {}
        old = by_print.get((item.key, row.source or ""))
        olds = dict(old.fields) if old else {}
        segments = tuple(
            Segment(name, english or "", words.get(name) or "", olds.get(name) or "")
            for name, english in item.fields
            if english is not None or words.get(name)
        )
        units.append(Unit(item.key, item.fingerprint, segments, row.state, row.source or ""))
    return units


# Import


@dataclass
class Merged:
    """Each translation file's new contents (path under the language folder → data)."""

    files: dict[str, Any] = field(default_factory=dict)
    imported: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def merge(handbook: Handbook, translation: Translation, folder: Path, units: list[Unit]) -> Merged:
    """The files of ``folder`` (``translations/<code>/``) with ``units`` imported."""
    items = {item.key: item for item in english_items(handbook)}
    merged = Merged()
    changes: dict[str, tuple[str, dict[str, str]]] = {}
    for unit in units:
        item = items.get(unit.key)
        if item is None:
            merged.problems.append(
                Problem(unit.location, f"'{unit.key}' is no item of the handbook")
            )
            continue
        fields = {name for name, _ in item.fields}
        targets: dict[str, str] = {}
        for segment in unit.segments:
            if segment.field not in fields:
                known = ", ".join(sorted(fields))
                message = f"{unit.key}: no field '{segment.field}' (it has {known})"
                merged.problems.append(Problem(unit.location, message))
            elif segment.target.strip():
                targets[segment.field] = segment.target
        found = recorded(translation, item)
        words = {k: v for k, v in (found[1] if found else {}).items() if v is not None}
        if not targets:
            continue  # nothing to import
        if {**words, **targets} == words and not _confirmed(unit, found):
            continue  # the words it already has
        needed = [n for n, english in item.fields if english and n not in {**words, **targets}]
        if needed:
            message = f"{unit.key}: translate {', '.join(needed)} too (the English has them)"
            merged.problems.append(Problem(unit.location, message))
            continue
        changes[unit.key] = (unit.fingerprint, {**words, **targets})
    if merged.problems or not changes:
        return merged
    _apply(handbook, translation, folder, changes, merged)
    merged.imported = list(changes)
    return merged


def _confirmed(unit: Unit, found: tuple[str, object] | None) -> bool:
    """A translation left as it was, that the translator marked as translated (XLIFF's
    segment state) although it was exported as stale: it now translates the file's English."""
    return (
        found is not None
        and found[0] != unit.fingerprint
        and all(segment.confirmed for segment in unit.segments)
    )


def _apply(
    handbook: Handbook,
    translation: Translation,
    folder: Path,
    changes: dict[str, tuple[str, dict[str, str]]],
    merged: Merged,
) -> None:
    files = _chapter_files(folder)
    dump = _dump_of(translation, handbook)
    language = dump["language"]
    if "handbook" in changes:
        source, words = changes["handbook"]
        language["handbook"] = {"source": source, **words}
        merged.files["language.yml"] = language
    quick = [q for q in changes if q.startswith("quick:")]
    if quick:
        answers = {a["clause"]: a for a in language.get("quick_answers", [])}
        for key in quick:
            source, words = changes[key]
            clause_id = key.partition(":")[2]
            answers[clause_id] = {"clause": clause_id, "source": source, **words}
        order = [q.clause for q in handbook.meta.quick_answers]
        language["quick_answers"] = [answers[c] for c in order if c in answers]
        merged.files["language.yml"] = language
    for chapter in handbook.chapters:
        keys = [
            k for k in (f"chapter:{chapter.id}", *(c.id for c in chapter.clauses)) if k in changes
        ]
        if not keys:
            continue
        data = dump["chapters"].get(chapter.id, {"chapter": chapter.id})
        if f"chapter:{chapter.id}" in changes:
            source, words = changes[f"chapter:{chapter.id}"]
            data = {
                "chapter": chapter.id,
                "source": source,
                **words,
                "clauses": data.get("clauses", {}),
            }
        elif "title" not in data:
            at = Location(str(folder / "chapters"))
            message = (
                f"chapter:{chapter.id}: translate the chapter's title too "
                "(its file needs one for the clauses)"
            )
            merged.problems.append(Problem(at, message))
            continue
        clauses = dict(data.get("clauses", {}))
        for clause in chapter.clauses:
            if clause.id in changes:
                source, words = changes[clause.id]
                keep = {k: v for k, v in clauses.get(clause.id, {}).items() if k == "keywords"}
                clauses[clause.id] = {"source": source, **words, **keep}
        data["clauses"] = {c.id: clauses[c.id] for c in chapter.clauses if c.id in clauses}
        name = files.get(chapter.id) or _english_file(handbook, chapter.id)
        merged.files[f"chapters/{name}"] = data
    for name, kind, order in (
        ("examples.yml", "examples", [e.id for e in handbook.examples]),
        ("glossary.yml", "terms", [t.term for t in handbook.glossary]),
    ):
        entries: dict[str, Any] = dump[kind]
        touched = False
        for key in order:
            change = changes.get(key if kind == "examples" else f"term:{key.casefold()}")
            if change is not None:
                keep = {k: v for k, v in entries.get(key, {}).items() if k == "aliases"}
                entries[key] = {"source": change[0], **change[1], **keep}
                touched = True
        if touched:
            merged.files[name] = {key: entries[key] for key in order if key in entries}


def _dump_of(translation: Translation, handbook: Handbook) -> dict[str, Any]:
    """The translation as plain data, keyed as its files are (glossary by English term)."""

    def plain(model: Any) -> Any:
        return model.model_dump(mode="json", exclude_unset=True)

    return {
        "language": plain(translation.language),
        "chapters": {key: plain(chapter) for key, chapter in translation.chapters.items()},
        "examples": {key: plain(example) for key, example in translation.examples.items()},
        "terms": {
            term.term: plain(translation.terms[term.term.casefold()])
            for term in handbook.glossary
            if term.term.casefold() in translation.terms
        },
    }


def _chapter_files(folder: Path) -> dict[str, str]:
    """Chapter id → the name of the file in ``folder/chapters`` that translates it."""
    found = {}
    for path in sorted((folder / "chapters").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("chapter"), str):
            found[data["chapter"]] = path.name
    return found


def _english_file(handbook: Handbook, chapter_id: str) -> str:
    clause = next((c for ch in handbook.chapters if ch.id == chapter_id for c in ch.clauses), None)
    where = handbook.locations.get(clause.id) if clause else None
    return Path(where.file).name if where else f"{chapter_id}.yml"


# YAML


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else (">" if len(value) > 80 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_yaml(data: Any) -> str:
    """Plain, readable YAML: a literal block for text of several lines, a folded one (wrapped
    at 100 characters) for a long line, keys in the order given."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def rendered(files: dict[str, Any]) -> dict[str, str]:
    return {name: dump_yaml(data) for name, data in files.items()}
