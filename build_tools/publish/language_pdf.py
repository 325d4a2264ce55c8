"""The print handbook in each translation's language: ``handbook-<code>.pdf`` beside
``handbook.pdf``, written by ``handbook build`` (the MkDocs plugin) and ``handbook pdf
--language``.

The same edition and text (approved, or the draft) as the English book, each item in the
language where its translation is fresh and in English, marked, where not
(:mod:`build_tools.views.languages`). Laid out through the layout cache like the English book,
and checked for leaks with the markers of the language's whole text: a translated item the
edition excludes is caught in its own words. Each audience's book is English only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.publish import leakcheck
from build_tools.publish.pipeline import check_all, load_site, print_html
from build_tools.review.edition_build import EditionBuild
from build_tools.source.errors import HandbookError
from build_tools.util.files import folder_key

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from build_tools.printbook.html import Paper


def pdf_name(code: str) -> str:
    """``handbook-de.pdf``: the file name of the print handbook in the language ``code``."""
    return f"handbook-{code}.pdf"


def site_books(edition: str, paper: str, where: str, version: str) -> tuple[str, list[str]]:
    """The layout-cache book of a site's print handbook (``version``: approved, draft or an
    archived cycle), and the books of the same text's other versions it may reuse parts of:
    one book per source folder (``where``), edition, version and paper, so that no build
    evicts the layout of another."""
    book = f"site-{edition}-{{}}-{paper}-{where}"
    return book.format(version), [book.format(other) for other in ("approved", "draft")]


def book_name(base: str, code: str) -> str:
    """A layout-cache book of its own for each language (an audience can be called ``de``)."""
    return f"{base}-language-{code}"


def language_pdf(
    loaded: EditionBuild,
    book: str,
    *,
    name: str,
    paper: Paper = "a4",
    related: tuple[str, ...] = (),
) -> tuple[bytes, bool]:
    """The print handbook of ``loaded`` (a build in another language, :func:`load_edition`
    with ``language=``) and whether it had to be laid out; refused by the leak check, naming
    ``name``, if it holds text of an item the edition excludes, in any language."""
    from build_tools.printbook.book import cached_handbook_pdf  # WeasyPrint when wanted

    html = print_html(loaded, paper=paper)
    data, laid_out = cached_handbook_pdf(html, book, related=related)
    edition = loaded.handbook.edition
    leakcheck.refuse_pdf_leaks(name, data, leakcheck.markers(loaded.full, edition), edition)
    return data, laid_out


def add_site_pdfs(
    files: Files,
    config: MkDocsConfig,
    english: EditionBuild,
    source: Path,
    paper: str,
    loaded: Mapping[str, EditionBuild] | None = None,
) -> None:
    """Add every translation's print handbook to the site of ``english`` (none to a site in
    another language), each in a layout-cache book named like the English one's
    (``plugin.print_pdf``); ``loaded``: language code → its text, where the caller has read
    it already (the others are read here, in one read of the sources). Failures as MkDocs'
    ``PluginError``, as the English book's."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    if english.handbook.language:
        return
    edition, draft = english.handbook.edition, not english.handbook.approved
    size: Paper = "letter" if paper == "letter" else "a4"
    book, related = site_books(edition, paper, folder_key(source), "draft" if draft else "approved")
    try:
        known = dict(loaded or {})
        missing = [code for code, _ in english.languages if code not in known]
        if missing:
            checked = check_all(source)  # one read of the sources for every language
            for code in missing:
                known[code] = load_site(
                    source, edition, draft=draft, archive=False, language=code, checked=checked
                )[0]
        for code, _ in english.languages:
            name = pdf_name(code)
            if files.get_file_from_path(name) is not None:
                raise PluginError(f"docs/{name} clashes with a translation's print handbook")
            others = tuple(book_name(other, code) for other in related)
            data, _ = language_pdf(
                known[code], book_name(book, code), name=name, paper=size, related=others
            )
            files.append(File.generated(config, name, content=data))
    except HandbookError as err:
        raise PluginError(str(err)) from None
