"""The names of a language's glossary terms: each name, and each anchor, belongs to one term.

A translated term keeps its English names as aliases (:func:`build_tools.views.languages.
translate`), so a translated name or alias that another term already has (in English or in
the translation) would make ``[[name]]`` mean two terms, and two terms translated to the same
words would share one anchor on the glossary page (``term-sperrfrist``): the reference could
lead to an internal term in one edition and a public one in another.
"""

from __future__ import annotations

from collections.abc import Iterable

from build_tools.source.labels import slug
from build_tools.source.loader import SourceFile
from build_tools.source.model import Handbook
from build_tools.source.problems import Problem
from build_tools.source.translation import TermText


def term_name_problems(
    handbook: Handbook, terms: Iterable[tuple[SourceFile, str, TermText]]
) -> list[Problem]:
    """Every translated name or alias in ``terms`` (file, English term case-folded, its
    translation) that names another term, and every translated name whose anchor another
    term's shown name has."""
    terms = list(terms)
    translated = {key: term for _, key, term in terms}
    english = {term.term.casefold(): term.term for term in handbook.glossary}
    owner: dict[str, str] = {}  # name, case-folded → the English term (case-folded) it names
    anchors: dict[str, str] = {}  # anchor words → the term shown under them
    for own in handbook.glossary:
        key = own.term.casefold()
        for name in (own.term, *own.aliases):
            owner.setdefault(name.casefold(), key)
        shown = translated[key].term if key in translated else own.term
        anchors.setdefault(slug(shown), key)
    problems = []
    for source, key, term in terms:
        raw = next(k for k in source.data if isinstance(k, str) and k.casefold() == key)
        names = [("term",), *(("aliases", i) for i in range(len(term.aliases)))]
        for path, name in zip(names, (term.term, *term.aliases), strict=True):
            other = owner.setdefault(name.casefold(), key)
            if other != key:
                message = f"glossary: '{name}' already names the term '{english[other]}'"
                problems.append(Problem(source.locate((raw, *path)), message))
        other = anchors.get(slug(term.term), key)
        if other != key and owner.get(term.term.casefold()) == key:
            message = (
                f"glossary: '{term.term}' has the same anchor as the term '{english[other]}' "
                "(in this language): name them apart"
            )
            problems.append(Problem(source.locate((raw, "term")), message))
    return problems
