"""The names of the glossary's terms in the sources: each name (a term or an alias) and each
term's anchor belong to one term (:mod:`build_tools.source.translation_terms` holds the
translations to the same rule)."""

from __future__ import annotations

from dataclasses import dataclass, field

from build_tools.source.labels import term_anchor
from build_tools.source.loader import SourceFile
from build_tools.source.model import Term
from build_tools.source.problems import Problem


@dataclass
class TermNames:
    """Each name of a glossary term (its term and aliases) and each term's anchor belong to
    one term: ``[[name]]`` must mean one term, and two terms under one anchor on the glossary
    page (``term-quiet-period`` for "Quiet period" and "Quiet-period") would send a link to
    either, an internal one in one edition and a public one in another."""

    entries: dict[str, int] = field(default_factory=dict)  # term, case-folded → its entry
    owners: dict[str, str] = field(default_factory=dict)  # name, case-folded → its term
    anchors: dict[str, str] = field(default_factory=dict)  # anchor words → their term

    def add(self, source: SourceFile, i: int, term: Term) -> list[Problem]:
        """The problems of entry ``i`` of the glossary, ``term``, with the entries before it."""
        first = self.entries.setdefault(term.term.casefold(), i)
        if first != i:
            message = f"term '{term.term}' is defined twice (first in entry {first + 1})"
            return [Problem(source.locate((i, "term")), message)]
        problems = []
        places = [(i, "term"), *((i, "aliases", j) for j in range(len(term.aliases)))]
        for path, name in zip(places, (term.term, *term.aliases), strict=True):
            other = self.owners.setdefault(name.casefold(), term.term)
            if other != term.term:
                message = f"glossary: '{name}' already names the term '{other}'"
                problems.append(Problem(source.locate(path), message))
        anchor = term_anchor(term)
        other = self.anchors.setdefault(anchor, term.term)
        if other != term.term and not problems:
            message = (
                f"glossary: '{term.term}' has the same anchor as the term '{other}' "
                f"({anchor}): name them apart"
            )
            problems.append(Problem(source.locate((i, "term")), message))
        return problems
