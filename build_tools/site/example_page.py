"""The page of worked examples: each scenario with its outcome, the clauses it illustrates,
what happened and the discussion, in the page's language; pure."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from build_tools.site import translated
from build_tools.site.translated import say_md
from build_tools.source.model import Example, Handbook

EXAMPLES = "examples.md"


def examples_page(
    handbook: Handbook,
    link: Callable[[str, str], str],
    markdown: Callable[[str, str], str],
    titles: Mapping[str, str],
) -> str:
    """The page's Markdown. ``link(id, page)``: a link to a clause; ``markdown(text, page)``:
    a Markdown field as the clause pages render it; ``titles``: each example's title."""
    hb = handbook
    parts = [f"# {say_md(hb, 'site.examples')}", say_md(hb, "site.examples_intro")]
    for example in hb.examples:
        parts.append(_example(hb, example, link, markdown, titles))
    return "\n\n".join(part for part in parts if part) + "\n"  # as pages.blocks


def _example(
    hb: Handbook,
    example: Example,
    link: Callable[[str, str], str],
    markdown: Callable[[str, str], str],
    titles: Mapping[str, str],
) -> str:
    clauses = " · ".join(link(target, EXAMPLES) for target in example.illustrates)
    outcome = say_md(hb, f"outcome.{example.outcome.value}")
    english = functools.partial(translated.english, hb, example.id)
    heading = translated.heading(hb, example.id, inside=True)
    return "\n\n".join(
        part
        for part in [
            f"## {titles[example.id]} {{ #{example.id} .example{heading} }}",
            f"**{outcome}**{{ .outcome .outcome-{example.outcome.value} }} · `{example.id}` · "
            f"{say_md(hb, 'site.illustrates')} {clauses}\n{{ .example-meta }}",
            translated.notice(hb, example.id),
            english(f"**{say_md(hb, 'site.scenario')}** " + markdown(example.scenario, EXAMPLES)),
            english(
                f"**{say_md(hb, 'site.discussion')}** " + markdown(example.discussion, EXAMPLES)
            ),
        ]
        if part
    )
