# Over 300 lines: every MkDocs event the handbook hooks, in the one plugin class MkDocs wants.
"""The MkDocs adapter: adds the generated pages as virtual files and watches the sources."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.templates import TemplateContext

from build_tools.publish import languages, leakcheck, preview
from build_tools.publish.language_pdf import add_site_pdfs, pdf_name, site_books
from build_tools.publish.pipeline import load_archive, load_edition, print_html
from build_tools.publish.preview_pages import Renders, Templates
from build_tools.publish.side_work import SideWork
from build_tools.review.edition_build import EditionBuild
from build_tools.site import audiences, changelog, guide, search, versions
from build_tools.site.feedback import Feedback, edit_links
from build_tools.site.sitepages import (
    draft_banner,
    edition_banner,
    page_paths,
    site_nav,
    site_pages,
)
from build_tools.source import sanitize
from build_tools.source.errors import HandbookError
from build_tools.source.problems import SourceError
from build_tools.util.files import folder_key
from build_tools.views.audiences import for_audience

if TYPE_CHECKING:
    from build_tools.printbook.html import Paper

PDF_PATH = "handbook.pdf"
log = logging.getLogger("mkdocs.plugins.handbook")


class HandbookConfig(base.Config):
    source = c.Type(str, default="policy_src")
    edition = c.Type(str, default="public")
    pdf = c.Type(bool, default=True)  # write the print handbook into the site
    pdf_on_serve = c.Type(bool, default=False)  # layout takes seconds: off under `mkdocs serve`
    # With the PDF, each audience's print handbook (handbook-<audience>.pdf), for the text in
    # force or the draft: four more books to lay out on a build without the layout cache.
    role_pdfs = c.Type(bool, default=True)
    language_pdfs = c.Type(bool, default=True)  # and in each translation's (handbook-<code>.pdf)
    paper = c.Choice(("a4", "letter"), default="a4")
    # The working copy, marked as a draft, instead of the latest approved text. Unset: a
    # draft under `mkdocs serve` (editors preview their changes), approved text otherwise.
    draft = c.Optional(c.Type(bool))
    # Set by `handbook build` for the archive (build_tools/publish/archive.py): the closed
    # cycle whose text this build shows, at versions/<cycle>/; on the site's own build, the
    # archived cycles its versions page links to.
    version = c.Optional(c.Type(str))
    archived = c.ListOfItems(c.Type(str), default=[])
    # Set by `handbook build` for a translated site at <code>/ (build_tools/publish/languages.py):
    # the language whose text it shows.
    language = c.Optional(c.Type(str))
    # Whether `handbook build` builds every translation's site beside the English one (its
    # --languages/--no-languages override it; HANDBOOK_LANGUAGES=false in mkdocs.yml).
    languages = c.Type(bool, default=True)


class HandbookPlugin(BasePlugin[HandbookConfig]):
    serving = False
    #: What to render, when the caller (``handbook build``) has read the sources already; and
    #: the translations' texts it read (language code → text), for their print handbooks.
    preloaded: EditionBuild | None = None
    preloaded_languages: dict[str, EditionBuild] | None = None
    #: Under ``mkdocs serve``, the problems of sources that do not build: the build under way
    #: makes the error page (build_tools/publish/preview.py) instead of the handbook.
    failure: list[preview.Entry] | None = None
    #: Whether the last finished build under ``mkdocs serve`` was of the error page (or failed).
    showing_errors = False
    #: On a translated site: its print handbook beside the English site's (``../handbook-de.pdf``).
    book_beside: str | None = None
    site_dir = ""  # where the build under way writes (the preview's error page, on a crash)
    server: Any = None  # MkDocs' live-reload server, once serving
    #: Under ``mkdocs serve``: what a save leaves as it was (:class:`preview.Kept`).
    kept: preview.Kept | None = None
    #: The build's side work (markers, search texts, each page's leak check), from on_nav.
    side: SideWork | None = None
    #: Under ``mkdocs serve``: each page's Markdown conversion, kept for the next build.
    renders: Renders | None = None
    templates: Templates | None = None  # and the theme's compiled templates

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.kept = preview.Kept() if self.serving else None
        self.renders = Renders() if self.serving else None
        self.templates = Templates() if self.serving else None

    def draft_wanted(self) -> bool:
        return self.serving if self.config.draft is None else self.config.draft

    def load(self, config: MkDocsConfig) -> EditionBuild:
        """The text to show; under ``mkdocs serve``, redoing only what a save touched."""
        if self.kept is None:
            return self.load_sources(config)
        wanted = (str(self.draft_wanted()), self.config.edition, self.config.version or "")
        return self.kept.load(self.source_dir(config), wanted, lambda: self.load_sources(config))

    def load_sources(self, config: MkDocsConfig) -> EditionBuild:
        source, edition = self.source_dir(config), self.config.edition
        if not self.config.version:
            language = self.config.language
            return load_edition(source, edition, draft=self.draft_wanted(), language=language)
        found = [b for b in load_archive(source, edition) if b.version_id == self.config.version]
        if not found:
            raise HandbookError(f"no approved version '{self.config.version}' of '{edition}'")
        return found[0]

    def pdf_wanted(self) -> bool:
        return self.config.pdf and (self.config.pdf_on_serve or not self.serving)

    def language_pdfs(self, loaded: EditionBuild) -> dict[str, str]:
        """The print handbook in every translation's language (name → path), on the English
        site's own text when it makes them (:func:`add_site_pdfs`)."""
        wanted = self.pdf_wanted() and self.config.language_pdfs and not self.config.version
        return {name: pdf_name(code) for code, name in loaded.languages} if wanted else {}

    def source_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.source

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.failure = None
        self.site_dir = config.site_dir
        try:
            loaded = self.preloaded or self.load(config)
        except HandbookError as err:
            if self.serving:  # the preview shows the problems instead of the old pages
                self.failure = preview.entries(err)
                log.error(f"the handbook sources have errors; the preview shows them:\n{err}")
                return config
            if isinstance(err, SourceError):
                raise PluginError(f"the handbook sources have errors:\n{err}") from None
            raise PluginError(str(err)) from None
        self.full, self.handbook, self.changelog = loaded.full, loaded.handbook, loaded.changelog
        self.loaded = loaded
        # Each audience's print handbook, beside the whole one: for the text in force or the
        # draft, not for the archived versions (their whole handbook is kept).
        self.role_pdfs = (
            {a: audiences.audience_pdf_path(a) for a in self.handbook.meta.audiences}
            if self.pdf_wanted() and self.config.role_pdfs and not self.config.version
            else {}
        )
        self.pages = site_pages(
            loaded,
            pdf_path=PDF_PATH if self.pdf_wanted() else self.book_beside,
            archived=frozenset(self.config.archived),
            feedback=Feedback(edit=self.edit_links(config, loaded), contact=loaded.contact),
            role_pdfs=self.role_pdfs,
            language_pdfs=self.language_pdfs(loaded),
        )
        config.extra["handbook_edition"] = edition_banner(self.handbook)
        config.extra["handbook_draft"] = draft_banner(self.handbook)
        self.current_pages: frozenset[str] = frozenset()
        if loaded.current is not None:  # a version in the archive, with Material's selector
            config.extra["handbook_archive"] = versions.archive_banner(
                loaded.handbook, loaded.current
            )
            config.extra["version"] = {"provider": "mike"}
            self.current_pages = page_paths(loaded.current)
        config.extra_javascript.insert(0, audiences.LABELS_SCRIPT)
        if self.handbook.language and "md_in_html" not in config.markdown_extensions:
            # Items shown in English are marked lang="en" in a block (site/translated.py).
            config.markdown_extensions.append("md_in_html")
        return config

    def edit_links(self, config: MkDocsConfig, build: EditionBuild) -> dict[str, str]:
        """Item id → the address of its source file in the repository host's editor:
        ``repo_url`` joined with ``edit_uri`` (the docs folder there), then the file's path
        from the docs folder. None for a file outside the project (sources kept elsewhere)."""
        if not config.repo_url or not config.edit_uri:
            return {}
        root = Path(config.config_file_path or ".").resolve().parent
        docs = Path(config.docs_dir).resolve()
        files = {}
        for item, where in build.sources.items():
            file = Path(where.file).resolve()
            if file.is_relative_to(root):
                files[item] = Path(os.path.relpath(file, docs)).as_posix()
        return edit_links(urljoin(config.repo_url, config.edit_uri), files)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.failure is None:
            try:
                return self.add_generated(files, config)
            except (PluginError, HandbookError) as err:
                if not self.serving:
                    raise
                self.failure = [preview.Entry("", str(err))]
                log.error(f"the preview shows this error: {err}")
        return Files([f for f in files if not f.is_documentation_page()])  # the error page only

    def add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        """The generated pages, script, print handbook and feed, and the navigation.

        MkDocs builds the pages in the order of the files. The pages left out of search go
        first (the audiences' pages, which repeat every clause, are the largest): the side
        process checks them for leaks while MkDocs renders the others. The search index keeps
        its order; only the sitemap lists them first."""
        first = sorted(self.pages, key=lambda path: search.page_search(path) is None)
        for path in first:
            markdown = self.pages[path]
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} clashes with a generated page; rename it")
            # The guide's generated pages, like its hand-written ones (not_in_nav in
            # mkdocs.yml), are outside the readers' navigation.
            listed = not path.startswith(guide.GUIDE)
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
        script = audiences.labels_script(self.handbook)
        _generated(files, config, audiences.LABELS_SCRIPT, script, "a generated script")
        if self.pdf_wanted():
            _generated(files, config, PDF_PATH, self.print_pdf(config), "the print handbook")
        for audience, path in self.role_pdfs.items():
            pdf = self.print_pdf(config, audience)
            _generated(files, config, path, pdf, "a role's print handbook")
        if self.pdf_wanted() and self.config.language_pdfs and not self.config.version:
            source, paper = self.source_dir(config), self.config.paper
            add_site_pdfs(files, config, self.loaded, source, paper, self.preloaded_languages)
        if self.changelog:
            base_url = config.site_url or self.handbook.meta.published_at or "/"
            feed = changelog.atom_feed(self.changelog, self.handbook, base_url)
            files.append(File.generated(config, changelog.FEED, content=feed))
        if config.nav is None:
            pages = files.documentation_pages()
            config.nav = site_nav(
                self.loaded, sorted(f.src_uri for f in pages if f.src_uri not in self.pages)
            )
        return files

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Start the side work, on a second CPU where that pays, before MkDocs renders the
        pages (:mod:`build_tools.publish.side_work`)."""
        self.close_side()
        self.cleaned: dict[str, Callable[[], str]] = {}
        if self.renders is not None:
            self.renders.begin(config, files)
        if self.failure is None:
            folder, edition = Path(config.site_dir), self.config.edition
            self.side = SideWork.start(folder, self.full, self.handbook, edition, self.serving)
        return nav

    def close_side(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Under ``mkdocs serve``: the templates compiled by an earlier build are reused."""
        if self.templates is not None:
            env.bytecode_cache = self.templates
        return env

    def on_pre_page(self, page: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Under ``mkdocs serve``: a page whose Markdown a save left as it was is not
        converted again (:mod:`build_tools.publish.preview_pages`)."""
        if self.renders is not None:
            self.renders.attach(page)
        return page

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        """Material's per-page search setting: pages that repeat clauses or serve editors are
        left out of search (:mod:`build_tools.site.search`)."""
        setting = search.page_search(page.file.src_uri)
        if setting is not None:
            page.meta["search"] = setting
        return markdown

    @event_priority(-100)  # the last word on a page's content
    def on_page_content(
        self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        """Every page's HTML passes the allowlist sanitizer: the boundary between source text
        and readers (``handbook check`` reports at its line whatever this removes).

        With a side process, it sanitizes while MkDocs renders the next pages; the page holds
        no content until :meth:`on_page_context` puts the sanitized HTML in, before anything
        reads it (MkDocs renders every page's Markdown, then builds every page)."""
        hosts = frozenset(h.casefold() for h in self.handbook.meta.image_hosts)
        if self.side is None or not self.side.forked:
            return sanitize.clean(html, image_hosts=hosts)
        self.cleaned[page.file.src_uri] = self.side.run(sanitize.clean, html, image_hosts=hosts)
        return ""

    def print_pdf(self, config: MkDocsConfig, audience: str | None = None) -> bytes:
        """The print handbook (of one ``audience``: only its clauses, as `handbook pdf
        --audience` makes it), laid out again only when its HTML changed (the layout cache)."""
        from build_tools.printbook.book import cached_handbook_pdf  # WeasyPrint when wanted

        paper: Paper = "letter" if self.config.paper == "letter" else "a4"
        cut = for_audience(self.handbook, audience) if audience else None
        html = print_html(self.loaded, paper=paper, handbook=cut)
        where = folder_key(self.source_dir(config)) + (f"-{audience}" if audience else "")
        try:
            which = self.config.version or ("approved" if self.handbook.approved else "draft")
            book, related = site_books(self.config.edition, self.config.paper, where, which)
            data, _ = cached_handbook_pdf(html, book, related=related)
        except HandbookError as err:
            raise PluginError(str(err)) from None
        return data

    @event_priority(100)  # before Material's search reads the page's content
    def on_page_context(
        self, context: TemplateContext, /, *, page: Any, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        """The page's sanitized content (:meth:`on_page_content`). On an archived version's
        pages: the address of the same page in the text in force (two folders up, from
        versions/<cycle>/), or of its home page."""
        cleaned = self.cleaned.pop(page.file.src_uri, None)
        if cleaned is not None:
            page.content = cleaned()
        if self.config.version:
            same = page.file.src_uri in self.current_pages
            context["handbook_current_url"] = (  # type: ignore[typeddict-unknown-key]
                f"{context['base_url']}/../../{page.url if same else ''}"
            )
        return context

    @event_priority(-100)  # after every other plugin: the bytes MkDocs writes
    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        """Hand the page to the side work's leak check (the preview checks nothing)."""
        if self.side is not None and not self.serving:
            data = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
            self.side.page(Path(page.file.abs_dest_path), data)
        return output

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Tune the search index (:mod:`build_tools.site.search`); then fail the build if any
        output file holds text of an item this edition excludes."""
        try:
            self.finish(Path(config.site_dir))
        finally:
            self.close_side()

    def finish(self, site: Path) -> None:
        if self.failure is not None:  # the preview's error page
            self.showing_errors = True
            preview.write_error_pages(site, self.failure)
            return
        self.showing_errors = False
        # Started in on_nav; here only if MkDocs never got there (it always does).
        side = self.side or SideWork(site, self.full, self.handbook, self.config.edition)
        index = site / "search" / "search_index.json"
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            keywords = languages.search_keywords(self.loaded)
            tuned = search.tune(data, self.handbook, keywords, side.clause_texts())
            index.write_text(json.dumps(tuned, separators=(",", ":")), encoding="utf-8")
        if self.serving:
            return  # a private preview in a temporary folder: 0.3 s saved on every save
        leaks = side.leaks()
        if leaks:
            raise PluginError(leakcheck.failure(self.config.edition, leaks))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on every save under the sources; while they have errors, every page
        asked for is the error page (:class:`preview.ErrorPages`)."""
        server.watch(str(self.source_dir(config)))
        pages = preview.ErrorPages(server.get_app(), server.mount_path, lambda: self.showing_errors)
        server.set_app(pages)
        self.server = server
        return server

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the side work. Under ``mkdocs serve``, a build that failed other than on the
        sources: MkDocs holds every page asked for until a build succeeds; the error page is
        served instead."""
        self.close_side()
        if self.serving and self.site_dir:
            found = preview.crash_entries(error)
            preview.write_error_pages(Path(self.site_dir), found, preview.CRASH_HEADING)
            self.showing_errors = True
            if self.server is not None:
                preview.release(self.server)


def _generated(
    files: Files, config: MkDocsConfig, path: str, content: str | bytes, what: str
) -> None:
    """Add a generated file, refusing one of docs/ at the same path."""
    if files.get_file_from_path(path) is not None:
        raise PluginError(f"docs/{path} clashes with {what}; rename it")
    files.append(File.generated(config, path, content=content))
