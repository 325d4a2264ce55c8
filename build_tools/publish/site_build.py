"""Building the site with MkDocs, in-process, into a fresh folder that replaces the old one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from build_tools.publish import languages as translations
from build_tools.publish.language_pdf import pdf_name
from build_tools.publish.languages import LanguageBuild
from build_tools.publish.output import replace_folder
from build_tools.publish.plugin import HandbookPlugin
from build_tools.review.edition_build import EditionBuild
from build_tools.source.errors import HandbookError
from build_tools.util.files import folder_key


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
    role_pdfs: bool = True,
    draft: bool = False,
    language_pdfs: bool = True,
    loaded: EditionBuild | None = None,
    archive: Sequence[EditionBuild] = (),
    languages: Sequence[LanguageBuild] = (),
) -> Path:
    """Build ``edition`` from ``source`` with ``config_file``; returns the site folder.

    ``loaded``: the text to render when the caller has read the sources already. ``archive``:
    approved versions to build at ``versions/<cycle>/`` beside it (:mod:`.archive`).
    ``languages``: translations to build at ``<code>/`` (:mod:`.languages`). With ``pdf`` and
    ``language_pdfs``, each translation's print handbook too (handbook-<code>.pdf)."""
    from build_tools.publish import archive as versions_archive

    config = configure(config_file, source, edition, strict=strict, pdf=pdf)
    translations.configure(config, languages, translations.ENGLISH)
    if not role_pdfs:
        handbook_plugin(config).config["role_pdfs"] = False
    if not language_pdfs:
        handbook_plugin(config).config["language_pdfs"] = False
    target = out if out is not None else Path(config.site_dir)
    plugin = handbook_plugin(config)
    plugin.config["draft"] = draft
    plugin.config["archived"] = [build.version_id for build in archive]
    plugin.preloaded = loaded
    plugin.preloaded_languages = {language.code: language.build for language in languages}

    def render(version: EditionBuild, folder: Path) -> None:
        archived = configure(config_file, source, edition, strict=strict, pdf=pdf)
        if archived.site_url:
            archived.site_url += f"{versions_archive.ARCHIVE}/{version.version_id}/"
        handbook_plugin(archived).config["version"] = version.version_id
        handbook_plugin(archived).preloaded = version
        run_build(archived, folder)

    def translate(language: LanguageBuild, folder: Path) -> None:
        # The same edition and text in another language: no print handbook (the PDF per
        # language is printbook's), no archive (English only).
        other = configure(config_file, source, edition, strict=strict, pdf=False)
        translations.configure(other, languages, language.code)
        plugin = handbook_plugin(other)
        plugin.config["language"] = language.code
        plugin.config["draft"] = draft
        plugin.config["role_pdfs"] = False
        plugin.preloaded = language.build
        if pdf and handbook_plugin(config).config["language_pdfs"]:  # the English site's
            plugin.book_beside = f"../{pdf_name(language.code)}"
        run_build(other, folder / language.code)

    def fill(folder: Path) -> None:
        run_build(config, folder)
        for language in languages:
            translate(language, folder)
        if languages:
            translations.check_all_languages(folder, plugin.loaded, languages, edition)
        if archive:
            inputs = versions_archive.theme_inputs(config_file, config)
            book = folder_key(source)
            versions_archive.build_archive(archive, folder, render, inputs, book=book)

    replace_folder(target, fill)
    return target


def languages_wanted(config_file: Path) -> bool:
    """Whether ``config_file`` wants the site in every translation's language (the handbook
    plugin's ``languages:``, HANDBOOK_LANGUAGES in the shipped mkdocs.yml)."""
    try:
        config = load_config(str(config_file))
    except MkDocsException as err:
        raise SiteBuildError(str(err), str(config_file)) from None
    return bool(handbook_plugin(config).config["languages"])


def configure(
    config_file: Path, source: Path, edition: str, *, strict: bool, pdf: bool
) -> MkDocsConfig:
    """A fresh MkDocs configuration from ``config_file`` for ``edition`` of ``source``."""
    try:
        config = load_config(str(config_file), strict=strict)
    except MkDocsException as err:
        raise SiteBuildError(str(err), str(config_file)) from None
    plugin = handbook_plugin(config)
    plugin.config["source"] = str(source.resolve())
    plugin.config["edition"] = edition
    if not pdf:
        plugin.config["pdf"] = False
    return config


def handbook_plugin(config: MkDocsConfig) -> HandbookPlugin:
    plugin = config.plugins.get("handbook")
    if not isinstance(plugin, HandbookPlugin):
        raise SiteBuildError("the 'handbook' plugin is not enabled", config.config_file_path)
    return plugin


def run_build(config: MkDocsConfig, folder: Path) -> None:
    """MkDocs' build of ``config`` into ``folder``, its failures as :class:`SiteBuildError`."""
    config.site_dir = str(folder)
    try:
        build(config)
    except MkDocsException as err:
        raise SiteBuildError(f"the site build failed: {err}") from None
    except SystemExit as err:
        raise SiteBuildError(f"the site build failed: {err}") from None
