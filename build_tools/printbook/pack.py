"""An onboarding pack's personal pages (cover and acknowledgement) and the pack itself: the
person's cover, their audience's handbook as laid out once for everyone of that audience, and
an acknowledgement page made out to them, merged into one tagged PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from markupsafe import Markup

from build_tools.people.register import Pack
from build_tools.printbook import merge
from build_tools.printbook.html import LANGUAGE, PAPER_SIZES, TEMPLATES, Paper, css_string
from build_tools.review import version
from build_tools.source.model import Handbook
from build_tools.util.dates import long_date

Page = Literal["cover", "acknowledgement"]


def personal_html(
    handbook: Handbook, pack: Pack, page: Page, *, paper: Paper, date: dt.date | None
) -> str:
    """The print HTML of one personal page of ``pack``; every field is escaped."""
    meta = handbook.meta
    css, _, _ = TEMPLATES.loader.get_source(TEMPLATES, "print.css")  # type: ignore[union-attr]
    extra, _, _ = TEMPLATES.loader.get_source(TEMPLATES, "pack.css")  # type: ignore[union-attr]
    return TEMPLATES.get_template("pack.html.j2").render(
        page=page,
        pack=pack,
        meta=meta,
        title=f"Onboarding pack for {pack.full_name}: {meta.title}",
        edition_title=handbook.edition_meta.title,
        version=version.statement(handbook),
        css=Markup(css),
        pack_css=Markup(extra),
        title_css=Markup(css_string(meta.title)),
        paper_size=PAPER_SIZES[paper],
        language=LANGUAGE,
        document_date=date.isoformat() if date else None,
        long_date=long_date,
        grouped=grouped,
    )


def grouped(fingerprint: str) -> str:
    """A hex fingerprint in groups of four, to be read aloud or compared by eye."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def pack_pdf(cover: bytes, book: bytes, acknowledgement: bytes, blank: bytes) -> bytes:
    """The whole pack: the ``cover`` page (its back left blank), ``book`` from a right-hand
    page, and the ``acknowledgement`` page on the next right-hand page after it. Pages left
    blank are copies of page 2 of ``blank`` (:func:`build_tools.printbook.parts.blank_page_html`),
    which says so."""
    parts = [cover, book, acknowledgement]
    return merge.merge_parts(parts, None, blank, prefixes=("cover-", "", "ack-"))


def print_run(packs: Sequence[bytes], blank: bytes) -> bytes:
    """Every pack in one file for the print shop, each from a right-hand page; each pack's
    links and tags kept apart from the others'."""
    prefixes = [f"pack{i}-" for i in range(len(packs))]
    return merge.merge_parts(packs, None, blank, prefixes=prefixes)
