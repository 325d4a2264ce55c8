"""The MkDocs adapter: adds the generated pages as virtual files and watches the sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from build_tools.api import load_handbook
from build_tools.editions import UnknownEdition
from build_tools.pages import nav, render_pages
from build_tools.problems import SourceError


class HandbookConfig(base.Config):
    source = c.Type(str, default="policy_src")
    edition = c.Type(str, default="public")


class HandbookPlugin(BasePlugin[HandbookConfig]):
    def source_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.source

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.handbook = load_handbook(self.source_dir(config), self.config.edition)
        except SourceError as err:
            raise PluginError(f"the handbook sources have errors:\n{err}") from None
        except UnknownEdition as err:
            raise PluginError(str(err)) from None
        self.pages = render_pages(self.handbook)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, markdown in self.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} clashes with a generated page; rename it")
            files.append(File.generated(config, path, content=markdown))
        if config.nav is None:
            written = sorted(
                f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages
            )
            entries: list[Any] = [*nav(self.handbook), *written]
            config.nav = entries
        return files

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.source_dir(config)))
        return server
