"""The MkDocs adapter: adds the generated pages as virtual files and watches the sources."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils.templates import TemplateContext

from build_tools.publish import leakcheck
from build_tools.publish.pipeline import load_archive, load_edition, print_html
from build_tools.review.edition_build import EditionBuild
from build_tools.site import audiences, changelog, versions
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


class HandbookConfig(base.Config):
    source = c.Type(str, default="policy_src")
    edition = c.Type(str, default="public")
    pdf = c.Type(bool, default=True)  # write the print handbook into the site
    pdf_on_serve = c.Type(bool, default=False)  # layout takes seconds: off under `mkdocs serve`
    # With the PDF, each audience's print handbook (handbook-<audience>.pdf), for the text in
    # force or the draft: four more books to lay out on a build without the layout cache.
    role_pdfs = c.Type(bool, default=True)
    paper = c.Choice(("a4", "letter"), default="a4")
    # The working copy, marked as a draft, instead of the latest approved text. Unset: a
    # draft under `mkdocs serve` (editors preview their changes), approved text otherwise.
    draft = c.Optional(c.Type(bool))
    # Set by `handbook build` for the archive (build_tools/publish/archive.py): the closed
    # cycle whose text this build shows, at versions/<cycle>/; on the site's own build, the
    # archived cycles its versions page links to.
    version = c.Optional(c.Type(str))
    archived = c.ListOfItems(c.Type(str), default=[])


class HandbookPlugin(BasePlugin[HandbookConfig]):
    serving = False
    #: What to render, when the caller (``handbook build``) has read the sources already.
    preloaded: EditionBuild | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def draft_wanted(self) -> bool:
        return self.serving if self.config.draft is None else self.config.draft

    def load(self, config: MkDocsConfig) -> EditionBuild:
        source, edition = self.source_dir(config), self.config.edition
        if not self.config.version:
            return load_edition(source, edition, draft=self.draft_wanted())
        found = [b for b in load_archive(source, edition) if b.version_id == self.config.version]
        if not found:
            raise HandbookError(f"no approved version '{self.config.version}' of '{edition}'")
        return found[0]

    def pdf_wanted(self) -> bool:
        return self.config.pdf and (self.config.pdf_on_serve or not self.serving)

    def source_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.source

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            loaded = self.preloaded or self.load(config)
        except SourceError as err:
            raise PluginError(f"the handbook sources have errors:\n{err}") from None
        except HandbookError as err:
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
            pdf_path=PDF_PATH if self.pdf_wanted() else None,
            archived=frozenset(self.config.archived),
            role_pdfs=self.role_pdfs,
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
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, markdown in self.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} clashes with a generated page; rename it")
            files.append(File.generated(config, path, content=markdown))
        files.append(
            File.generated(
                config, audiences.LABELS_SCRIPT, content=audiences.labels_script(self.handbook)
            )
        )
        if self.pdf_wanted():
            if files.get_file_from_path(PDF_PATH) is not None:
                raise PluginError(f"docs/{PDF_PATH} clashes with the print handbook; rename it")
            files.append(File.generated(config, PDF_PATH, content=self.print_pdf(config)))
        for audience, path in self.role_pdfs.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} clashes with a role's print handbook; rename it")
            files.append(File.generated(config, path, content=self.print_pdf(config, audience)))
        if self.changelog:
            base_url = config.site_url or self.handbook.meta.published_at or "/"
            feed = changelog.atom_feed(self.changelog, self.handbook, base_url)
            files.append(File.generated(config, changelog.FEED, content=feed))
        if config.nav is None:
            written = sorted(
                f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages
            )
            entries = site_nav(self.loaded, written)
            config.nav = entries
        return files

    def on_page_content(
        self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        """Every page's HTML passes the allowlist sanitizer: the boundary between source text
        and readers (``handbook check`` reports at its line whatever this removes)."""
        hosts = frozenset(h.casefold() for h in self.handbook.meta.image_hosts)
        return sanitize.clean(html, image_hosts=hosts)

    def print_pdf(self, config: MkDocsConfig, audience: str | None = None) -> bytes:
        """The print handbook (of one ``audience``: only its clauses, as `handbook pdf
        --audience` makes it), laid out again only when its HTML changed (the layout cache)."""
        from build_tools.printbook.book import cached_handbook_pdf  # WeasyPrint when wanted

        paper: Paper = "letter" if self.config.paper == "letter" else "a4"
        cut = for_audience(self.handbook, audience) if audience else None
        html = print_html(self.loaded, paper=paper, handbook=cut)
        # One book per source folder, edition, version (draft, approved, or an archived
        # cycle), paper and audience, so that no build evicts the layout of another.
        where = folder_key(self.source_dir(config)) + (f"-{audience}" if audience else "")
        try:
            which = self.config.version or ("approved" if self.handbook.approved else "draft")
            book = f"site-{self.config.edition}-{{}}-{self.config.paper}-{where}"
            related = [book.format(other) for other in ("approved", "draft")]
            data, _ = cached_handbook_pdf(html, book.format(which), related=related)
        except HandbookError as err:
            raise PluginError(str(err)) from None
        return data

    def on_page_context(
        self, context: TemplateContext, /, *, page: Any, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        """On an archived version's pages: the address of the same page in the text in force
        (two folders up, from versions/<cycle>/), or of its home page."""
        if self.config.version:
            same = page.file.src_uri in self.current_pages
            context["handbook_current_url"] = (  # type: ignore[typeddict-unknown-key]
                f"{context['base_url']}/../../{page.url if same else ''}"
            )
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Fail the build if any output file holds text of an item this edition excludes."""
        if self.serving:
            return  # a private preview in a temporary folder: 0.3 s saved on every save
        found = leakcheck.markers(self.full, self.config.edition)
        leaks = leakcheck.scan(Path(config.site_dir), found)
        if leaks:
            raise PluginError(leakcheck.failure(self.config.edition, leaks))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.source_dir(config)))
        return server
