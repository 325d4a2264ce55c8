"""Test translations made from the English working copy, as a translator would make them:
every field in another language's words (here: the English words with a prefix), each item
with the fingerprint of the English it was translated from."""

from __future__ import annotations

from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

import yaml

from build_tools.publish.pipeline import check_all
from build_tools.source import translation as tr
from build_tools.source.model import Handbook


def prefixed(prefix: str) -> Callable[[str], str]:
    return lambda text: f"{prefix} {text}"


def english(root: Path) -> Handbook:
    checked = check_all(root)
    assert checked.handbook is not None, checked.problems
    return checked.handbook


def write_translation(
    root: Path,
    code: str = "de",
    *,
    name: str = "Deutsch",
    words: Callable[[str], str] | None = None,
    leave_out: Container[str] = (),
    settings: dict[str, str] | None = None,
) -> Path:
    """``root/translations/<code>/`` translating every item of ``root``'s working copy but the
    keys in ``leave_out`` (clause or example ids, ``chapter:<id>``, ``term:<term>``)."""
    words = words or prefixed("DE")
    handbook = english(root)
    folder = root / "translations" / code
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    meta = handbook.meta
    language: dict[str, Any] = {"name": name, **(settings or {})}
    language["handbook"] = {
        "source": tr.of_handbook(meta), "title": words(meta.title),
        **({"intro": words(meta.intro)} if meta.intro else {}),
    }  # fmt: skip
    language["quick_answers"] = [
        {"clause": q.clause, "source": tr.of_quick_answer(q), "question": words(q.question),
         "answer": words(q.answer)}
        for q in meta.quick_answers
    ]  # fmt: skip
    _dump(folder / "language.yml", language)
    for number, chapter in enumerate(handbook.chapters, start=1):
        if f"chapter:{chapter.id}" in leave_out:
            continue
        data: dict[str, Any] = {
            "chapter": chapter.id, "source": tr.of_chapter(chapter), "title": words(chapter.title),
        }  # fmt: skip
        if chapter.intro:
            data["intro"] = words(chapter.intro)
        data["clauses"] = {
            clause.id: {
                "source": tr.of_clause(clause), "title": words(clause.title),
                "text": words(clause.text),
                **({"rationale": words(clause.rationale)} if clause.rationale else {}),
            }
            for clause in chapter.clauses
            if clause.id not in leave_out
        }  # fmt: skip
        _dump(folder / "chapters" / f"{number:02d}-{chapter.id}.yml", data)
    examples = {
        e.id: {"source": tr.of_example(e), "title": words(e.title), "scenario": words(e.scenario),
               "discussion": words(e.discussion)}
        for e in handbook.examples
        if e.id not in leave_out
    }  # fmt: skip
    if examples:
        _dump(folder / "examples.yml", examples)
    terms = {
        t.term: {"source": tr.of_term(t), "term": words(t.term), "definition": words(t.definition)}
        for t in handbook.glossary
        if f"term:{t.term.casefold()}" not in leave_out
    }
    if terms:
        _dump(folder / "glossary.yml", terms)
    return folder


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
