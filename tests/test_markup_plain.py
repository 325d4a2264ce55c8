"""Paragraphs of plain words are rendered without the Markdown engine (markup._plain_paragraphs,
issue 19): only where the engine's HTML is provably the same. Held to the engine here on every
Markdown field of the shipped and the synthetic handbooks, and on generated text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from build_tools.publish.pipeline import check_sources
from build_tools.source import markup
from build_tools.source.model import Handbook
from tests.conftest import SHIPPED

#: Letters, digits, spaces, newlines, the placeholder of a reference, punctuation that is no
#: syntax mid-line, what is syntax at a line's start, and what is syntax anywhere.
ALPHABET = st.sampled_from(
    list("abcXYZéß ") * 4
    + list("\n\n0123456789.,;:'\"?()%$@/=+-#>~")
    + [markup.REF]
    + list("\\`*_[]!<>&|{}\t\r\u00a0\u2028\x02\x03 ")
)


def _engine(source: str) -> str:
    return markup._engine().reset().convert(source)


#: Lines that start with a letter, most of them plain: the shapes the plain path takes.
PLAIN = st.sampled_from([*"abcXYZéß  \n.,;:'\"?()%$@/=+-#~0123456789", markup.REF])
LINES = st.lists(
    st.builds(lambda first, rest: first + rest, st.sampled_from("aZé"), st.text(PLAIN)),
    max_size=6,
).map(lambda lines: "\n".join(lines))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(ALPHABET, max_size=120), LINES))
def test_the_plain_path_gives_the_engines_html_or_nothing(source: str) -> None:
    fast = markup._plain_paragraphs(source)
    assert fast is None or fast == _engine(source)


def _fields(handbook: Handbook) -> list[str]:
    found = []
    for _, clause in handbook.clauses():
        found += [clause.text, clause.rationale or ""]
    for example in handbook.examples:
        found += [example.scenario, example.discussion]
    found += [term.definition for term in handbook.glossary]
    return [f for f in found if f]


def test_every_field_of_the_shipped_and_synthetic_handbooks(tmp_path: Path) -> None:
    shipped, problems = check_sources(SHIPPED)
    assert shipped is not None, problems
    synthetic, problems = check_sources(generate(tmp_path / "src", 100))
    assert synthetic is not None, problems
    fields = _fields(shipped) + _fields(synthetic)
    taken = 0
    for field in fields:
        source = markup.replace_references(field.strip(), lambda ref: markup.REF)
        fast = markup._plain_paragraphs(source)
        if fast is not None:
            taken += 1
            assert fast == _engine(source), field
    assert taken > len(fields) // 4  # the plain path is the usual one, not a rarity


def test_plain_shapes_take_the_plain_path() -> None:
    for source in (
        "One sentence.",
        'Two "quoted" lines,\nit\'s one paragraph: 50% of #1 = 3 + 4 - 2? no (maybe).',
        f"See {markup.REF} and {markup.REF}.\n\n\n\nAnother paragraph.\nÉtat ß.",
    ):
        assert markup._plain_paragraphs(source) == _engine(source), source
    for syntax in ("- a list", "1. a list", "# heading", "a  \nhard break", "    code",
                   "Title\n=====", "a *b*", "a <b>", "a & b", "> quote", "a\tb"):  # fmt: skip
        assert markup._plain_paragraphs(syntax) is None, syntax
