"""PyYAML's syntax errors in plain words: what is wrong with the line, where, and the fix.

The parser reports what it expected (``mapping values are not allowed here``, ``did not find
expected key``), which names the symptom, not the mistake; libyaml and the pure-Python parser
also word it differently. So the mistake is told from the text itself, at the places the
error marks: a colon inside a value, a line indented more or less than its neighbours, a tab,
a quote never closed. What no rule recognises keeps the parser's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

#: ``key:`` at the start of a line's content (after any ``- ``), followed by a space or the end.
_KEY = re.compile(r"(?P<dash>(?:-\s+)*)(?P<key>[^\s#'\"\[\]{}&*!|>%@`,:-][^#:]*?|[^\s:]):(?:\s|$)")
_BLOCK_TEXT = re.compile(r"[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Fault:
    """A YAML syntax error explained: the character it points at and what to do."""

    index: int
    message: str


class _Text:
    """The file's lines, and where each starts, counted at ``\\n`` as editors count them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        self.starts = [0]
        for line in text.split("\n")[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def line_of(self, index: int) -> int:
        """The line (counted from 0) holding character ``index``."""
        return max(0, sum(1 for start in self.starts if start <= index) - 1)

    def indent(self, n: int) -> int:
        line = self.lines[n]
        return len(line) - len(line.lstrip(" "))

    def first(self, n: int) -> int:
        """The index of line ``n``'s first character after its indentation."""
        return self.starts[n] + self.indent(n)

    def above(self, n: int) -> int | None:
        """The nearest line above ``n`` that holds something other than a comment."""
        for m in range(n - 1, -1, -1):
            stripped = self.lines[m].strip()
            if stripped and not stripped.startswith("#"):
                return m
        return None

    def key(self, n: int) -> tuple[str, int] | None:
        """Line ``n``'s key and the column where it starts, if it opens with ``key:``."""
        indent = self.indent(n)
        found = _KEY.match(self.lines[n], indent)
        if found is None:
            return None
        return found["key"].strip(), indent + len(found["dash"])


def explain(err: yaml.MarkedYAMLError, text: str) -> Fault:
    """The mistake behind ``err``, raised parsing ``text``, in plain words."""
    doc = _Text(text)
    problem, context = err.problem or "", err.context or ""
    mark = err.problem_mark or err.context_mark
    at = min(mark.index, len(text)) if mark is not None else 0
    opened = err.context_mark.index if err.context_mark is not None else at
    for rule in (_tab, _by_context, _fixed, _by_problem):
        fault = rule(doc, at, opened, problem, context)
        if fault is not None:
            return fault
    words = "; ".join(p for p in (context, problem) if p) or "unreadable"
    return Fault(at, f"the YAML layout is broken here ({words}); check this line and the one above")


def _tab(doc: _Text, at: int, opened: int, problem: str, context: str) -> Fault | None:
    n = doc.line_of(at)
    line = doc.lines[n]
    leading = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in leading:
        return Fault(
            doc.starts[n] + leading.index("\t"),
            "tab characters cannot indent YAML; indent this line with spaces only",
        )
    if "tab" in problem or "'\\t'" in problem:
        return Fault(at, "a tab character cannot stand here in YAML: use a space")
    return None


#: (words of the parser's context, words of its problem, whether to point at the context's
#: mark (what was opened) rather than the problem's, the message)
_FIXED = (
    ("block scalar", "", False, "nothing may follow | or > on its line: start the text on the "
     "next line, indented below the key"),
    ("directive", "", True, "a line cannot start with % (YAML reads it as an instruction): "
     "indent the line as the lines around it, or put the value in quotes"),
    ("flow node", "node content", False, "an item of this list in [ ] is empty or starts with "
     "a colon: separate the items with single commas, and put any item holding a colon in "
     "quotes"),
    ("single document", "", False, "a second document starts here (a line of ---): a source "
     "file holds one document; remove the line"),
    ("", "<document start>", False, "this line is indented less than the first line of the "
     "file: every top-level key starts at the left edge, so remove the spaces before the "
     "first key"),
    ("", "expected ':'", True, "this line has no colon: each line of an entry is 'key: "
     "value', or continues the text of the key above, indented further"),
)  # fmt: skip


def _fixed(doc: _Text, at: int, opened: int, problem: str, context: str) -> Fault | None:
    for in_context, in_problem, at_opening, message in _FIXED:
        if in_context in context and in_problem in problem:
            return Fault(opened if at_opening else at, message)
    return None


def _by_context(doc: _Text, at: int, opened: int, problem: str, context: str) -> Fault | None:
    if "quoted scalar" in context and ("end of stream" in problem or "separator" in problem):
        quote = doc.text[opened] if opened < len(doc.text) else '"'
        return Fault(
            opened,
            f"unclosed quote: the value starts with {quote} but never ends with {quote}; "
            f"add the closing {quote} at the end of the value",
        )
    if "flow sequence" in context or "flow mapping" in context:
        pair, what = ("[]", "list") if "sequence" in context else ("{}", "mapping")
        return Fault(
            opened,
            f"the {pair[0]} that opens this {what} is not closed with {pair[1]}: close it on "
            "the same line, and put any item holding a comma or a colon in quotes",
        )
    if "alias" in context or "anchor" in context or "undefined alias" in problem:
        sign = doc.text[at] if at < len(doc.text) and doc.text[at] in "*&" else "*"
        where = opened if "alias" in context or "anchor" in context else at
        return Fault(
            where,
            f"a value cannot start with {sign} (YAML reads it as a reference): put the "
            "whole value in quotes",
        )
    return None


def _by_problem(doc: _Text, at: int, opened: int, problem: str, context: str) -> Fault | None:
    if "unknown escape" in problem:
        n = doc.line_of(at)
        backslash = doc.text.rfind("\\", doc.starts[n], at + 1)
        where = backslash if backslash >= 0 else at
        return Fault(
            where,
            "unknown escape after a backslash inside double quotes: write \\\\ for a "
            "backslash, or put the value in single quotes",
        )
    if "cannot start any token" in problem and at < len(doc.text):
        return Fault(
            at,
            f"a value cannot start with {doc.text[at]} (YAML keeps it for itself): put the "
            "whole value in quotes",
        )
    if "mapping values are not allowed" in problem:
        return _colon(doc, at)
    if "sequence entries are not allowed" in problem:
        return _dash(doc, at)
    if "expected key" in problem or "<block end>" in problem or "'-' indicator" in problem:
        return _layout(doc, at)
    return None


def _colon(doc: _Text, at: int) -> Fault:
    """A ``: `` where YAML cannot start a key: inside a value, or on a line indented too far."""
    n = doc.line_of(at)
    own = doc.key(n)
    if own is not None and doc.starts[n] + own[1] + len(own[0]) < at:
        line = doc.lines[n]
        value = _short(re.split(r"\s#", line[line.index(":", own[1]) + 1 :], maxsplit=1)[0].strip())
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        quoted = f'"{escaped}"' if "'" in value else f"'{value}'"
        return Fault(
            at, f"a colon inside a value needs quotes around the value: {_short(own[0])}: {quoted}"
        )
    above = doc.above(n)
    if above is not None and re.search(r"^\s*(?:-\s+)?[\w-]+:[^\s:]", doc.lines[above]):
        colon = doc.starts[above] + doc.lines[above].index(":")
        return Fault(
            colon + 1,
            "a key needs a space after its colon: "
            + _short(doc.lines[above].strip().replace(":", ": ", 1)),
        )
    parent = _key_above(doc, n, doc.indent(n))
    if parent is not None:
        parent = _short(parent)
        return Fault(
            doc.first(n),
            f"this line is indented more than the '{parent}:' above it: line its key up "
            f"with '{parent}:'",
        )
    return Fault(at, "a key cannot start here: check the indentation of this line")


def _short(text: str, width: int = 60) -> str:
    """Source text inside a message, cut to ``width``: the whole line is quoted below it."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _dash(doc: _Text, at: int) -> Fault:
    n = doc.line_of(at)
    own = doc.key(n)
    if own is not None and doc.starts[n] + own[1] < at:
        return Fault(
            at,
            f"a list cannot start on the same line as '{_short(own[0])}:': put each '- ' item on a "
            "line of its own below it, indented; if the dash is part of the text, put the "
            "value in quotes",
        )
    return _layout(doc, at)


def _layout(doc: _Text, at: int) -> Fault:
    """Something where a key was expected: text after a quoted value, or a misaligned line."""
    n = doc.line_of(at)
    if at > doc.first(n):
        before = doc.text[doc.first(n) : at].rstrip()
        if before.endswith(("'", '"')):
            quote = before[-1]
            hint = " (inside single quotes, write an apostrophe twice: 'It''s')"
            return Fault(
                at,
                "text after the closing quote: a value that starts with a quote must end "
                f"with it; put the whole value inside the quotes{hint if quote == chr(39) else ''}",
            )
        return Fault(at, "unexpected text here: check the indentation and the quotes of this line")
    return _misaligned(doc, n)


def _misaligned(doc: _Text, n: int) -> Fault:
    """Line ``n`` does not line up with the keys above it."""
    indent, where = doc.indent(n), doc.first(n)
    above = doc.above(n)
    if above is None:
        return Fault(where, "this line cannot start here: check its indentation")
    above_key = doc.key(above)
    item_above = doc.lines[above].lstrip().startswith("- ")
    item = doc.lines[n].lstrip().startswith("- ")
    if indent == doc.indent(above) and item_above and above_key is not None and not item:
        return Fault(
            where,
            "this line is lined up with the '-' of the list item above, not with its "
            f"keys: indent it to line up with '{above_key[0]}:'",
        )
    if doc.lines[n].lstrip().startswith("- ") and indent == doc.indent(above):
        return Fault(
            where,
            "a list item ('- ') where a key was expected: a list goes under its key, "
            "on the lines below it and indented",
        )
    block = _block_text_owner(doc, above)
    if block is not None and indent < doc.indent(above):
        return Fault(
            where,
            f"this line is indented less than the text of '{block}:' above it: indent every "
            "line of the text at least as far as its first line",
        )
    more_or_less = "less" if indent < doc.indent(above) else "more"
    name = f"the '{above_key[0]}:'" if above_key is not None else f"line {above + 1}"
    return Fault(
        where,
        f"this line is indented {more_or_less} than {name} above it: line it up with "
        f"{name.removeprefix('the ')} or with a key further up",
    )


def _key_above(doc: _Text, n: int, deeper_than: int) -> str | None:
    """The nearest key above line ``n`` that starts left of column ``deeper_than``."""
    m = doc.above(n)
    while m is not None:
        found = doc.key(m)
        if found is not None and found[1] < deeper_than:
            return found[0]
        m = doc.above(m)
    return None


def _block_text_owner(doc: _Text, n: int) -> str | None:
    """The key whose ``|`` or ``>`` text line ``n`` belongs to, if it does."""
    indent = doc.indent(n)
    m: int | None = n
    while m is not None:
        found = doc.key(m)
        if found is not None and doc.indent(m) < indent:
            rest = doc.lines[m][found[1] + len(found[0]) + 1 :].strip()
            return found[0] if _BLOCK_TEXT.match(rest) else None
        m = doc.above(m)
    return None
