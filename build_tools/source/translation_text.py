"""The Markdown of a translation held to the English text's rules: every reference resolves
(to an English item, or to a glossary term by its English or translated name) and respects
visibility; nothing the sanitizer would remove; images only from the hosts allowed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from build_tools.source.explain import did_you_mean
from build_tools.source.loader import NodePath, SourceFile
from build_tools.source.model import Handbook, Visibility
from build_tools.source.problems import Problem
from build_tools.source.references import find_references
from build_tools.source.translation import TermText
from build_tools.source.validate import markup_problems


@dataclass
class TextCheck:
    """Checks one language's Markdown fields against ``handbook``, the English working copy."""

    handbook: Handbook
    terms: Iterable[tuple[str, TermText]]  # English term, case-folded → its translation
    problems: list[Problem]
    _names: dict[str, Visibility] = field(default_factory=dict)

    def __post_init__(self) -> None:
        handbook = self.handbook
        visibility = {term.term.casefold(): term.visibility for term in handbook.glossary}
        for english in handbook.glossary:
            for name in (english.term, *english.aliases):
                self._names.setdefault(name.casefold(), english.visibility)
        for key, translated in self.terms:
            for name in (translated.term, *translated.aliases):
                self._names.setdefault(name.casefold(), visibility[key])
        items = {clause.id: ("clause", clause.visibility) for _, clause in handbook.clauses()}
        self._items = items | {ex.id: ("example", ex.visibility) for ex in handbook.examples}
        self._hosts = frozenset(host.casefold() for host in handbook.meta.image_hosts)

    def check(
        self, source: SourceFile, path: NodePath, text: str | None, owner: Visibility
    ) -> None:
        """Report what is wrong in the Markdown ``text`` at ``path`` of ``source``, written
        for an item of visibility ``owner``."""
        if not text:
            return
        for ref in find_references(text):
            if why := self._target(ref.target, owner):
                where = source.locate_in_text(path, ref.start)
                self.problems.append(Problem(where, f"reference [[{ref.target}]]: {why}"))
        for offset, message in markup_problems(text, self._hosts):
            self.problems.append(Problem(source.locate_in_text(path, offset), message))

    def _target(self, target: str, owner: Visibility) -> str | None:
        """Why a reference in a translation is wrong, or None: as in the English text."""
        if target not in self._items and target.casefold() in self._names:
            kind, visibility = "glossary term", self._names[target.casefold()]
        elif target in self._items:
            kind, visibility = self._items[target]
        else:
            return f"'{target}' does not exist{did_you_mean(target, list(self._items))}"
        if owner is Visibility.PUBLIC and visibility is Visibility.INTERNAL:
            return f"public item refers to internal {kind} '{target}'"
        return None
