"""How far each language is from the English working copy: every translatable item, its state
(translated, stale, missing), and the problems ``handbook check`` reports for them.

Staleness is judged against the working copy: that is the text translators translate. (The
published site judges each item against the approved text it shows; see
:mod:`build_tools.views.languages`.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from build_tools.source import translation as tr
from build_tools.source.loader import SourceTree, display_path
from build_tools.source.model import Handbook, Level, Location
from build_tools.source.problems import Problem, Severity
from build_tools.source.translation import State, Translation, item_key

#: The kinds of translatable item, in the order the tables list them.
KINDS = ("handbook", "quick", "chapter", "clause", "example", "term")


@dataclass(frozen=True)
class Item:
    """One translatable English item: its key, its words by field and their fingerprint."""

    key: str
    kind: str
    name: str  # what a person knows it by: a title, a term, a question
    fields: tuple[tuple[str, str | None], ...]
    fingerprint: str
    must: bool = False

    @property
    def label(self) -> str:
        """``SM-MKT-03 'The communications quiet period…'``, ``term 'closed period'``."""
        words = f"'{short(self.name)}'"
        if self.kind in ("clause", "example"):
            return f"{self.key} {words}"
        if self.kind == "handbook":
            return f"the handbook's title {words}"
        if self.kind == "quick":
            return f"quick answer {words} ({self.key.partition(':')[2]})"
        return f"{self.kind} {words}"


def short(text: str, width: int = 40) -> str:
    words = " ".join(text.split())
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


def english_items(handbook: Handbook) -> list[Item]:
    """Every translatable item of ``handbook``, in reading order."""
    meta = handbook.meta
    found = [_item("handbook", "", meta.title, meta)]
    found += [_item("quick", quick.clause, quick.question, quick) for quick in meta.quick_answers]
    for chapter in handbook.chapters:
        found.append(_item("chapter", chapter.id, chapter.title, chapter))
        found += [
            _item("clause", clause.id, clause.title, clause, must=clause.level is Level.MUST)
            for clause in chapter.clauses
        ]
    found += [_item("example", ex.id, ex.title, ex) for ex in handbook.examples]
    found += [_item("term", term.term, term.term, term) for term in handbook.glossary]
    return found


def _item(kind: str, name: str, shown: str, english: object, *, must: bool = False) -> Item:
    """The item of ``kind`` named ``name`` (its id, chapter id, term or quick answer's
    clause), known to people as ``shown``."""
    words = tr.words(kind, english)
    key = item_key(kind, name)
    return Item(key, kind, shown, tuple(words.items()), tr.fingerprint(*words.values()), must)


def _name(item: Item) -> str:
    """What :meth:`Translation.text` finds ``item`` by: the key without its kind."""
    return item.key.partition(":")[2] if ":" in item.key else item.key


def recorded(translation: Translation, item: Item) -> tuple[str, dict[str, str | None]] | None:
    """The fingerprint a translation of ``item`` records, and its words by field; None when
    ``item`` is not translated."""
    found = translation.text(item.kind, _name(item), item.fingerprint)
    return None if found is None else (found.source, tr.words(item.kind, found))


@dataclass(frozen=True)
class Row:
    """One item's state in one language."""

    item: Item
    state: State
    source: str | None  # the fingerprint the translation records


def status(handbook: Handbook, translation: Translation) -> list[Row]:
    """Every item of the working copy ``handbook`` with its state in ``translation``."""
    rows = []
    for item in english_items(handbook):
        found = translation.text(item.kind, _name(item), item.fingerprint)
        source = found.source if found is not None else None
        rows.append(Row(item, tr.state(found, item.fingerprint), source))
    return rows


def summary(translation: Translation, rows: list[Row]) -> str:
    """``de (Deutsch): 300 of 312 items translated, 2 stale, 10 missing``."""
    count = {state: sum(row.state is state for row in rows) for state in State}
    return (
        f"{translation.code} ({translation.name}): {count[State.TRANSLATED]} of {len(rows)} "
        f"items translated, {count[State.STALE]} stale, {count[State.MISSING]} missing"
    )


def english_locations(tree: SourceTree) -> dict[str, Location]:
    """Where the English chapters, terms, quick answers and handbook title are."""
    found: dict[str, Location] = {}
    if tree.handbook is not None:
        found["handbook"] = tree.handbook.locate(("title",))
        quick = (
            tree.handbook.data.get("quick_answers")
            if isinstance(tree.handbook.data, dict)
            else None
        )
        for i, entry in enumerate(quick if isinstance(quick, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("clause"), str):
                key = item_key("quick", entry["clause"])
                found.setdefault(key, tree.handbook.locate(("quick_answers", i)))
    for source in tree.chapters:
        if isinstance(source.data, dict) and isinstance(source.data.get("id"), str):
            found[item_key("chapter", source.data["id"])] = source.locate(("id",))
    if tree.glossary is not None and isinstance(tree.glossary.data, list):
        for i, entry in enumerate(tree.glossary.data):
            if isinstance(entry, dict) and isinstance(entry.get("term"), str):
                found[item_key("term", entry["term"])] = tree.glossary.locate((i, "term"))
    return found


_REPORT = {"error": Severity.ERROR, "warning": Severity.WARNING}


def problems(
    handbook: Handbook, tree: SourceTree, translations: Iterable[Translation]
) -> list[Problem]:
    """Per language, every stale and every missing item, as ``language.yml`` asks
    (``stale_must``, ``stale``, ``missing``: error, warning or off)."""
    english = {**english_locations(tree), **handbook.locations}
    found: list[Problem] = []
    for translation in translations:
        language = translation.language
        file = Location(
            display_path(Path(tree.root) / "translations" / translation.code / "language.yml")
        )
        for row in status(handbook, translation):
            item, code = row.item, translation.code
            if row.state is State.STALE:
                report = language.stale_must if item.must else language.stale
                where = translation.locations.get(item.key, file)
                message = (
                    f"{code}: {item.label} has changed in English since it was translated "
                    f"(translated from {row.source}, the English is now {item.fingerprint}): "
                    "the English text is shown until it is translated again"
                )
            elif row.state is State.MISSING:
                report = language.missing
                where = english.get(item.key, file)
                message = f"{code}: {item.label} is not translated yet"
            else:
                continue
            if report != "off":
                found.append(Problem(where, message, _REPORT[report]))
    return sorted(found)
