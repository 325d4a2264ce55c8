"""The MkDocs adapter: adds the generated pages as virtual files and watches the sources."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from build_tools import changelog, guide
from build_tools.api import load_changelog, load_handbook
from build_tools.editions import UnknownEdition
from build_tools.pages import nav, render_pages
from build_tools.problems import SourceError

PDF_PATH = "handbook.pdf"


class HandbookConfig(base.Config):
    source = c.Type(str, default="policy_src")
    edition = c.Type(str, default="public")
    pdf = c.Type(bool, default=True)  # write the print handbook into the site
    pdf_on_serve = c.Type(bool, default=False)  # layout takes seconds: off under `mkdocs serve`
    paper = c.Choice(("a4", "letter"), default="a4")


class HandbookPlugin(BasePlugin[HandbookConfig]):
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def pdf_wanted(self) -> bool:
        return self.config.pdf and (self.config.pdf_on_serve or not self.serving)

    def source_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.source

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.handbook = load_handbook(self.source_dir(config), self.config.edition)
            self.changelog = load_changelog(self.source_dir(config), self.config.edition)
        except SourceError as err:
            raise PluginError(f"the handbook sources have errors:\n{err}") from None
        except UnknownEdition as err:
            raise PluginError(str(err)) from None
        self.pages = render_pages(
            self.handbook,
            pdf_path=PDF_PATH if self.pdf_wanted() else None,
            changed_in=changelog.changed_in(self.changelog),
        )
        self.pages.update(changelog.render_changelog(self.changelog, self.handbook))
        self.pages.update(guide.guide_pages())
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, markdown in self.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} clashes with a generated page; rename it")
            files.append(File.generated(config, path, content=markdown))
        if self.pdf_wanted():
            if files.get_file_from_path(PDF_PATH) is not None:
                raise PluginError(f"docs/{PDF_PATH} clashes with the print handbook; rename it")
            files.append(File.generated(config, PDF_PATH, content=self.print_pdf(config)))
        if config.nav is None:
            written = sorted(
                f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages
            )
            others, guide_section = guide.split_nav(written)
            entries: list[Any] = [*nav(self.handbook), *others, *guide_section]
            config.nav = entries
        return files

    def print_pdf(self, config: MkDocsConfig) -> bytes:
        """The print handbook, laid out again only when its HTML changed (cache in .cache/)."""
        from build_tools.pdf import cached_handbook_pdf  # WeasyPrint only when a PDF is wanted
        from build_tools.printbook import Paper, date_from_epoch, render_print_html

        paper: Paper = "letter" if self.config.paper == "letter" else "a4"
        date = date_from_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
        html = render_print_html(self.handbook, paper=paper, document_date=date)
        root = Path(config.config_file_path or ".").parent
        cache = root / ".cache" / "handbook" / f"{self.config.edition}-{paper}.pdf"
        data, _ = cached_handbook_pdf(html, cache)
        return data

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.source_dir(config)))
        return server
