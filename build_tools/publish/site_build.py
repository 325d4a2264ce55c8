"""Building the site with MkDocs, in-process, into a fresh folder that replaces the old one."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from build_tools.publish.output import replace_folder
from build_tools.source.errors import HandbookError


class SiteBuildError(HandbookError):
    code = "site-build"


def build_site(
    config_file: Path,
    source: Path,
    edition: str,
    out: Path | None,
    *,
    strict: bool,
    pdf: bool = True,
    draft: bool = False,
) -> Path:
    """Build ``edition`` from ``source`` with ``config_file``; returns the site folder."""
    try:
        config = load_config(str(config_file), strict=strict)
    except MkDocsException as err:
        raise SiteBuildError(str(err), str(config_file)) from None
    target = out if out is not None else Path(config.site_dir)
    plugin = config.plugins.get("handbook")
    if plugin is None:
        raise SiteBuildError("the 'handbook' plugin is not enabled", str(config_file))
    plugin.config["source"] = str(source.resolve())
    plugin.config["edition"] = edition
    plugin.config["draft"] = draft
    if not pdf:
        plugin.config["pdf"] = False

    def fill(folder: Path) -> None:
        config.site_dir = str(folder)
        try:
            build(config)
        except MkDocsException as err:
            raise SiteBuildError(f"the site build failed: {err}") from None
        except SystemExit as err:
            raise SiteBuildError(f"the site build failed: {err}") from None

    replace_folder(target, fill)
    return target
