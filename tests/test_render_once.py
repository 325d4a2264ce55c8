"""Each Markdown field is converted once per build (issue 19): the search text and the leak
markers share one conversion (``markup.marked``), the search's labelled text is taken from it
only when that is provably the same HTML, and leak markers come from excluded items only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.generate import generate
from build_tools.publish import leakcheck
from build_tools.publish.pipeline import load_edition
from build_tools.source import markup
from build_tools.source.markup import labelled, rendered, too_costly
from build_tools.source.references import Reference
from build_tools.views.editions import for_edition
from tests.conftest import EPOCH, MINI, ROOT, SHIPPED, handbook

EDITIONS = ROOT / "tests" / "fixtures" / "editions"

#: Shapes around references where a label and the marker could read differently.
EDGES = [
    "Plain [[SM-A-01]] and [[SM-B-02|the photo rule]].",
    "foo_[[SM-A-01]]_bar and _[[SM-A-01]]_ and [[SM-A-01]]_x_",
    "**[[SM-A-01]]** and *[[SM-A-01]]* and ***[[SM-A-01]]***",
    "`[[SM-A-01]]` and ``a [[SM-A-01]] b``",
    "&[[SM-A-01]]; and \\[[SM-A-01]] and ![[SM-A-01]](x)",
    "[see [[SM-A-01]]](https://example.org) and <[[SM-A-01]]>",
    "[[SM-A-01]]\n===\n\n[[SM-A-01]]\n---",
    "- [[SM-A-01]]\n- [[SM-B-02|*emphasis* in a label]]\n\n1. [[SM-B-02|1. numbered]]",
    "> [[SM-A-01]] quoted\n\n    [[SM-A-01]] as code",
    "[[SM-B-02|label_with_underscores]] and [[SM-B-02|a & b]] and [[SM-B-02|<b>x</b>]]",
    "Text { .cls } [[SM-A-01]]\n{: title='[[SM-A-01]]' }",
    "A\x00 NUL already there [[SM-A-01]]",
    "| a | [[SM-A-01]] |\n| --- | --- |\n| [[SM-B-02|c d]] | e |",
    '!!! note "[[SM-A-01]]"\n    [[SM-A-01]] inside',
    "[[closed period]] and [[EX-ONE-01]] and [[Unknown Thing|Don\u2019t, ever]]",
]
TITLES = {"SM-A-01": "Photos of colleagues", "SM-B-02": "Ask *first*"}


def _label(ref: Reference) -> str:
    return ref.label or TITLES.get(ref.target, ref.target)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _corpus(tmp_path: Path) -> list[str]:
    """Every string of the shipped sources, the test fixtures, the hostile corpus and a
    generated handbook, and the edge cases above."""
    generated = generate(tmp_path / "generated", 120, chapters=4)
    folders = [SHIPPED, ROOT / "tests" / "fixtures", ROOT / "tests" / "hostile", generated]
    texts = list(EDGES)
    for folder in folders:
        for file in sorted(folder.rglob("*.yml")):
            try:
                texts += _strings(yaml.safe_load(file.read_text(encoding="utf-8")))
            except yaml.YAMLError:  # the bad-input fixtures: not YAML at all
                continue
    return [text for text in dict.fromkeys(texts) if not too_costly(text)]


def test_labelled_text_is_exactly_the_labelled_rendering(tmp_path: Path) -> None:
    """Taken from the shared conversion or rendered anew, the labelled HTML is always what
    rendering with the labels gives."""
    corpus = _corpus(tmp_path)
    assert len(corpus) > 1000
    for text in corpus:
        assert labelled(text, _label) == rendered(text, _label), text


def test_labelled_text_reuses_the_shared_conversion_for_plain_fields() -> None:
    text = "Ask before you post about [[SM-A-01]]; see also [[SM-B-02|the photo rule]]."
    markup.marked(text)
    with markup.counting() as converted:
        assert "Photos of colleagues" in labelled(text, _label)
    assert not converted  # no new conversion: the one marked() made is reused


def test_markers_come_from_excluded_items_only() -> None:
    full = load_edition(EDITIONS, "internal").full
    markup.marked.cache_clear()
    leakcheck._plain.cache_clear()
    with markup.counting() as converted:
        found = leakcheck.markers(full, "public")
    kept = leakcheck._item_ids(for_edition(full, "public"))
    excluded = leakcheck._item_ids(full) - kept
    assert found and set(found.values()) <= excluded
    assert set(found.values()) == excluded  # every excluded item yields a marker
    assert converted and max(converted.values()) == 1  # each field converted once


def test_an_edition_that_excludes_nothing_renders_nothing() -> None:
    full = load_edition(EDITIONS, "internal").full
    markup.marked.cache_clear()
    leakcheck._plain.cache_clear()
    with markup.counting() as converted:
        assert leakcheck.markers(full, "internal") == {}
    assert not converted


@pytest.mark.e2e
def test_a_site_build_converts_each_field_once(tmp_path: Path) -> None:
    """A real build (MkDocs, the search index, the leak check): of the fields our code
    converts, none is converted twice (MkDocs renders the pages themselves)."""
    markup.marked.cache_clear()
    leakcheck._plain.cache_clear()
    source = generate(tmp_path / "src", 120, chapters=4)
    with markup.counting() as converted:
        run = handbook(
            "build", "--no-pdf", "--source", source, "--out", tmp_path / "site",
            env={"SOURCE_DATE_EPOCH": str(EPOCH)},
        )  # fmt: skip
    assert run.code == 0, run.err
    assert converted
    twice = {text: n for text, n in converted.items() if n > 1}
    assert not twice


@pytest.mark.e2e
def test_the_mini_site_converts_each_field_once(tmp_path: Path) -> None:
    markup.marked.cache_clear()
    leakcheck._plain.cache_clear()
    with markup.counting() as converted:
        run = handbook(
            "build", "--no-pdf", "--source", MINI, "--out", tmp_path / "site",
            env={"SOURCE_DATE_EPOCH": str(EPOCH)},
        )  # fmt: skip
    assert run.code == 0, run.err
    twice = {text: n for text, n in converted.items() if n > 1}
    assert not twice


@pytest.mark.e2e
def test_the_shipped_site_converts_plain_fields_once(tmp_path: Path) -> None:
    """On the shipped handbook, a field is converted more than once only when it holds markup
    beyond plain formatting (links, attribute lists) or a reference whose label is not inert
    text (a clause title with a colon, say): then the validation's in-page links, the leak
    check's markers and the search's labels are three forms, one conversion each."""
    markup.marked.cache_clear()
    markup.to_html.cache_clear()
    leakcheck._plain.cache_clear()
    with markup.counting() as converted:
        run = handbook(
            "build", "--no-pdf", "--no-archive", "--out", tmp_path / "site",
            env={"SOURCE_DATE_EPOCH": str(EPOCH)},
        )  # fmt: skip
    assert run.code == 0, run.err
    twice = {text: n for text, n in converted.items() if n > 1}
    assert all(
        (markup.may_hold_markup(text.strip()) or "[[" in text) and n <= 3
        for text, n in twice.items()
    )
    assert len(twice) < len(converted) / 20
