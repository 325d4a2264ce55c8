"""Verbs that check the sources and build the outputs: check, markdown, build, pdf, card."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click

from build_tools.cli.common import (
    DRAFT,
    EDITION,
    FORMAT,
    PAPER,
    SOURCE,
    STRICT,
    checked_linted_and_languages,
    log_to_stderr,
    pdf_out,
    report,
)
from build_tools.people import places
from build_tools.publish import output
from build_tools.publish.pipeline import (
    check_all,
    load_edition,
    load_site,
    print_card,
    print_html,
)
from build_tools.site.sitepages import site_pages
from build_tools.util.files import folder_key, write_atomically
from build_tools.views import translation_status

if TYPE_CHECKING:
    from build_tools.printbook.html import Sides


@click.command()
@SOURCE
@FORMAT
@STRICT
def check(source: Path, fmt: str, strict: bool) -> None:
    """Validate the sources and report every problem as FILE:LINE:COL: error: MESSAGE.

    Style warnings (see `handbook lint`) are reported too, and so is any roster or
    acknowledgement register kept inside the repository; they fail only with --strict.
    So is each translation's every stale item (its English changed since it was translated)
    and missing one, as its language.yml asks: a stale must clause is an error by default.
    """
    checked = checked_linted_and_languages(source, fmt, strict)
    handbook = checked.handbook
    assert handbook is not None
    personal = places.personal_files(places.repository_of(source) or source)
    report(personal, fmt, kind="privacy warning")
    if strict and personal:
        raise SystemExit(1)
    clauses = len(handbook.clauses())
    click.echo(
        f"OK: {len(handbook.chapters)} chapters, {clauses} clauses, "
        f"{len(handbook.examples)} examples, {len(handbook.glossary)} glossary terms."
    )
    for translation in checked.translations:
        click.echo(
            translation_status.summary(
                translation, translation_status.status(handbook, translation)
            )
            + "."
        )


@click.command()
@SOURCE
@EDITION
@DRAFT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the generated Markdown pages into.",
)
def markdown(source: Path, edition: str, draft: bool, out: Path) -> None:
    """Write the generated Markdown pages, for use with another site engine."""
    pages = site_pages(load_edition(source, edition, draft=draft), pdf_path=None)
    output.replace_folder(out, lambda tmp: output.write_pages(tmp, pages))
    click.echo(f"Wrote {len(pages)} pages to {out}/")


@click.command()
@SOURCE
@EDITION
@DRAFT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Site folder (default: site_dir of mkdocs.yml).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
)
@click.option("--strict/--no-strict", default=True, show_default=True, help="Warnings fail.")
@click.option(
    "--pdf/--no-pdf", default=True, show_default=True, help="Also write the print handbook PDF."
)
@click.option(
    "--role-pdfs/--no-role-pdfs",
    default=True,
    show_default=True,
    help="With the PDF, also write each audience's print handbook (handbook-<audience>.pdf).",
)
@click.option(
    "--language-pdfs/--no-language-pdfs",
    default=True,
    show_default=True,
    help="With the PDF, also write the print handbook in each translation's language "
    "(handbook-<code>.pdf; translations/<code>/ in the sources).",
)
@click.option(
    "--archive/--no-archive",
    default=True,
    show_default=True,
    help="Also build every approved version at versions/<cycle>/ (not in a draft).",
)
@click.option(
    "--languages/--no-languages",
    default=True,
    show_default=True,
    help="Also build the site in every translation's language at <code>/ (languages: in "
    "mkdocs.yml or HANDBOOK_LANGUAGES=false turn it off too).",
)
@click.option(
    "--language",
    "language",
    multiple=True,
    metavar="CODE",
    help="Build only this translation beside the English site (repeat for more).",
)
def build(
    source: Path,
    edition: str,
    draft: bool,
    out: Path | None,
    config_file: Path,
    strict: bool,
    pdf: bool,
    role_pdfs: bool,
    language_pdfs: bool,
    archive: bool,
    languages: bool,
    language: tuple[str, ...],
) -> None:
    """Validate the sources and build the site of the approved text (the latest closed
    review cycle), or with --draft of the working copy; the old site is kept if anything
    fails."""
    from build_tools.publish import site_build  # MkDocs only for the verbs that need it

    # One read of the sources, and their problems before MkDocs starts.
    checked = check_all(source)
    loaded, versions = load_site(source, edition, draft=draft, archive=archive, checked=checked)
    translated = []
    if language or (languages and site_build.languages_wanted(config_file)):
        from build_tools.publish.languages import load_languages

        only = list(language) if language else None
        translated = load_languages(source, edition, draft=draft, only=only, checked=checked)
    log_to_stderr()
    built = site_build.build_site(
        config_file,
        source,
        edition,
        out,
        strict=strict,
        pdf=pdf,
        role_pdfs=role_pdfs,
        language_pdfs=language_pdfs,
        draft=draft,
        loaded=loaded,
        archive=versions,
        languages=translated,
    )
    what = "draft of the " if not loaded.handbook.approved else ""
    kept = f", with {len(versions)} approved version(s) in versions/" if versions else ""
    if translated:
        kept += ", in " + ", ".join(f"{t.name} ({t.code}/)" for t in translated)
    click.echo(f"Built the {what}{edition} edition{kept} into {built}/ — open {built}/index.html")


@click.command("pdf")
@SOURCE
@EDITION
@DRAFT
@pdf_out("handbook.pdf")
@PAPER
@click.option(
    "--audience",
    default=None,
    help="Only the clauses for this audience (an id from handbook.yml): a shorter handbook.",
)
@click.option(
    "--simplex",
    is_flag=True,
    help="For printing on one side: chapters start on the next page, no blank pages.",
)
@click.option(
    "--language",
    default=None,
    help="The handbook in this translation's language (a folder under translations/, such as "
    "de); written to handbook-<code>.pdf unless --out is given. The English text is binding.",
)
@click.pass_context
def print_pdf(
    ctx: click.Context,
    source: Path,
    edition: str,
    draft: bool,
    out: Path,
    paper: Literal["a4", "letter"],
    audience: str | None,
    simplex: bool,
    language: str | None,
) -> None:
    """Write the print handbook: one tagged PDF (PDF/UA-1) with contents, index and sign-off."""
    from build_tools.printbook.book import cached_handbook_pdf  # WeasyPrint when needed
    from build_tools.publish import leakcheck
    from build_tools.publish.language_pdf import pdf_name
    from build_tools.views.audiences import for_audience

    loaded = load_edition(source, edition, draft=draft, language=language)
    if language and ctx.get_parameter_source("out") is click.core.ParameterSource.DEFAULT:
        out = Path(pdf_name(language))
    handbook = loaded.handbook
    if audience is not None:
        handbook = for_audience(handbook, audience)
    sides: Sides = "simplex" if simplex else "duplex"
    html = print_html(loaded, paper=paper, handbook=handbook, sides=sides)
    output.refuse_file(out)
    which = "draft" if draft else "approved"
    book = f"pdf-{edition}-{which}-{paper}-{audience or 'all'}-{folder_key(source)}"
    book += "-simplex" if simplex else ""
    book += f"-language-{language}" if language else ""
    data, laid_out = cached_handbook_pdf(html, book)
    # Checked whether it was laid out now or came from the cache.
    leakcheck.refuse_pdf_leaks(str(out), data, leakcheck.markers(loaded.full, edition), edition)
    write_atomically(out, data)
    how = "" if laid_out else " (layout reused from the cache)"
    scope = f" for {handbook.meta.audiences[audience]}" if audience else ""
    scope += f" in the language '{language}'" if language else ""
    what = "" if handbook.approved else "draft of the "
    click.echo(f"Wrote the {what}{edition} edition's print handbook{scope}: {out}{how}")


@click.command()
@SOURCE
@EDITION
@DRAFT
@click.option(
    "--audience",
    required=True,
    help="The audience (an id from handbook.yml) whose key clauses the card prints.",
)
@click.option("--paper", type=click.Choice(["a5", "a4", "letter"]), default="a5", show_default=True)
@pdf_out("card.pdf")
def card(
    source: Path,
    edition: str,
    draft: bool,
    audience: str,
    paper: Literal["a5", "a4", "letter"],
    out: Path,
) -> None:
    """Write the quick-reference card: the clauses marked `key: true` that apply to one
    audience, each with the number and id of its full clause, on the two sides of one sheet
    (a tagged PDF/UA-1). Every such clause is printed, or the card is refused."""
    from build_tools.publish import leakcheck

    loaded = load_edition(source, edition, draft=draft)
    output.refuse_file(out)
    data = print_card(loaded, audience, paper=paper)
    leakcheck.refuse_pdf_leaks(str(out), data, leakcheck.markers(loaded.full, edition), edition)
    write_atomically(out, data)
    label = loaded.handbook.meta.audiences[audience]
    what = "" if loaded.handbook.approved else "draft "
    click.echo(f"Wrote the {what}quick-reference card for {label} ({edition} edition): {out}")
