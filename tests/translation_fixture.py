"""Translations of the small fixture handbook, written by the tests: German (the chapter
"basics", with one clause stale and the internal clause translated with a marker, and the
glossary's closed period; the chapter "more" and the example left untranslated) and French
(one clause). Each item's ``source`` is the fingerprint of the English words it translates,
as a translator's file has it, computed from the sources (build_tools.source.translation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from build_tools.publish.pipeline import load_edition
from build_tools.source import translation as tr

#: Text of the German translation of the internal clause MINI-BASIC-03: never public.
INTERNAL_MARKER = "ZEBRAGEHEIMNIS"
#: The clause whose German translation is stale (translated from an older English text).
STALE = "MINI-BASIC-02"
#: A German word of MINI-BASIC-01's translation, for the search.
SEARCH_WORD = "Arbeitgeber"

GERMAN = {
    "MINI-BASIC-01": {
        "title": "Ihre Rolle offenlegen",
        "text": "Sie müssen sagen, dass Example Ltd Ihr Arbeitgeber ist, wenn Sie über "
        "deren Arbeit posten.",
        "rationale": "Die Leser haben ein Recht zu wissen, wer spricht.",
    },
    STALE: {
        "title": "Ein privates Konto nutzen",
        "text": "Sie sollten persönliche Ansichten von einem privaten Konto aus posten. "
        "Siehe [[MINI-BASIC-01]].",
    },
    "MINI-BASIC-03": {
        "title": "Eskalationskontakte",
        "text": f"Sie müssen den Bereitschaftsdienst anrufen: {INTERNAL_MARKER}.",
    },
}


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_translations(source: Path, *, fresh: bool = False) -> None:
    """German and French translations under ``source/translations``; ``fresh``: the German of
    :data:`STALE` translated from the English text it has now (re-translated)."""
    full = load_edition(source, "internal", draft=True).full
    clauses = {clause.id: clause for _, clause in full.clauses()}
    chapter = next(c for c in full.chapters if c.id == "basics")
    german = {}
    for clause_id, words in GERMAN.items():
        english = clauses[clause_id]
        stale = clause_id == STALE and not fresh
        was = tr.fingerprint(english.title, "An older text.", english.rationale)
        german[clause_id] = {"source": was if stale else tr.of_clause(english), **words}
    _dump(
        source / "translations/de/chapters/01-basics.yml",
        {
            "chapter": "basics",
            "source": tr.of_chapter(chapter),
            "title": "Grundlagen",
            "intro": "Die grundlegenden Regeln.",
            "clauses": german,
        },
    )
    term = next(t for t in full.glossary if t.term == "Closed period")
    _dump(
        source / "translations/de/glossary.yml",
        {
            "Closed period": {
                "source": tr.of_term(term),
                "term": "Sperrfrist",
                "definition": "Die Wochen vor den Ergebnissen, in denen Führungskräfte nicht "
                "über das Geschäft posten.",
            }
        },
    )
    shipped = Path(__file__).resolve().parent.parent / "policy_src" / "translations"
    for code in ("de", "fr"):
        language = yaml.safe_load((shipped / code / "language.yml").read_text(encoding="utf-8"))
        words = {"name": language["name"], "labels": language.get("labels", {})}
        _dump(source / f"translations/{code}/language.yml", {**words, "stale_must": "warning"})
    first = clauses["MINI-BASIC-01"]
    _dump(
        source / "translations/fr/chapters/01-basics.yml",
        {
            "chapter": "basics",
            "source": tr.of_chapter(chapter),
            "title": "Les bases",
            "intro": "Les règles de base.",
            "clauses": {
                "MINI-BASIC-01": {
                    "source": tr.of_clause(first),
                    "title": "Dire qui vous employez",
                    "text": "Vous devez dire que vous travaillez pour Example Ltd quand vous "
                    "publiez sur son activité.",
                    "rationale": "Les lecteurs ont le droit de savoir qui parle.",
                }
            },
        },
    )
