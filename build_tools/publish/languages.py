"""The site in every language: each translation (``policy_src/translations/<code>/``) is a full
MkDocs build of the same edition and the same text at ``<code>/`` beside the English site,
with Material's chrome, ``<html lang>`` and search in that language, and a language switcher
in the header that keeps the reader on the same page (and, with docs/assets/language.js, on
the same clause).

The English site stays at the root, as without translations. Each language's build is
leak-checked by the plugin against its own text (the translated internal items); the whole
site is then checked against every language's excluded items together
(:func:`check_all_languages`), so a translated internal clause never shows in any language.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markupsafe

from build_tools.publish import leakcheck
from build_tools.publish.pipeline import Checked, check_all, load_site
from build_tools.review.edition_build import EditionBuild
from build_tools.source.errors import HandbookError, UsageError

ENGLISH = "en"
ENGLISH_NAME = "English"
#: Our script that carries the clause (the address's #anchor) across the switcher.
SWITCH_SCRIPT = "assets/language.js"


@dataclass(frozen=True)
class LanguageBuild:
    """One translation's site: its code (the folder), its name in itself, and its text."""

    code: str
    name: str
    build: EditionBuild


def load_languages(
    source: Path,
    edition: str,
    *,
    draft: bool,
    only: Sequence[str] | None = None,
    checked: Checked | None = None,
) -> list[LanguageBuild]:
    """Every translation under ``source`` (or those in ``only``), each as the text the English
    site shows (approved or draft), in that language; in the order of their codes. From one
    read of the sources (``checked``, when the caller has made it)."""
    checked = checked if checked is not None else check_all(source)
    found = {t.code: t.language.name for t in checked.translations}
    wanted = sorted(found) if only is None else list(dict.fromkeys(only))
    for code in wanted:
        if code not in found:
            known = ", ".join(sorted(found)) or "none yet"
            raise UsageError(
                f"no translation '{code}'; translations/ holds: {known}", option="--language"
            )
    return [
        LanguageBuild(code, found[code], _load(source, edition, draft, code, checked))
        for code in wanted
    ]


def _load(source: Path, edition: str, draft: bool, code: str, checked: Checked) -> EditionBuild:
    return load_site(source, edition, draft=draft, archive=False, language=code, checked=checked)[0]


def alternates(languages: Sequence[LanguageBuild], here: str) -> list[dict[str, str]]:
    """Material's ``extra.alternate`` for the site of ``here`` (a code, ``en`` for the root):
    each language's name, code and root, relative to this site's root (``../de/``)."""
    up = "" if here == ENGLISH else "../"
    entries = [{"name": ENGLISH_NAME, "lang": ENGLISH, "link": up}]
    for language in languages:
        link = "" if language.code == here else f"{up}{language.code}/"
        entries.append({"name": language.name, "lang": language.code, "link": link})
    return entries


@functools.cache
def _material() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def theme_language(code: str) -> str:
    """The language Material translates its chrome into: ``code`` or its base language
    (``pt-BR`` → ``pt``) when Material has it, else English."""
    folder = _material() / "partials" / "languages"
    for candidate in (code, code.split("-")[0]):
        if (folder / f"{candidate}.html").is_file():
            return candidate
    return ENGLISH


def search_language(code: str) -> str:
    """The language of the search (lunr's stemmer and stop words, shipped with Material):
    ``code`` or its base language when lunr has it, else English."""
    folder = _material() / "assets" / "javascripts" / "lunr" / "min"
    for candidate in (code.lower(), code.split("-")[0]):
        if (folder / f"lunr.{candidate}.min.js").is_file():
            return candidate
    return ENGLISH


def configure(config: Any, languages: Sequence[LanguageBuild], here: str) -> None:
    """Set ``config`` (a MkDocs configuration) for the site of ``here``: the switcher, and on
    a translated site the theme's and the search's language and its address."""
    if not languages:
        return
    config.extra["alternate"] = alternates(languages, here)
    if SWITCH_SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SWITCH_SCRIPT)
    if here == ENGLISH:
        return
    config.theme["language"] = theme_language(here)
    # The header's title in the site's language: the translated handbook title, when given.
    # Escaped, and marked as such: Material writes site_name both as it is (the header, the
    # drawer, <title>) and through `| e`, which leaves escaped Markup as it is.
    build = next((language.build for language in languages if language.code == here), None)
    if build is not None and build.handbook.translated.get("handbook") == "translated":
        config.site_name = markupsafe.escape(build.handbook.meta.title)
    sources = build.handbook.labels.get("site.sources") if build is not None else None
    if sources and config.repo_name:  # the link to the repository, in the header
        config.repo_name = markupsafe.escape(sources)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        search.config["lang"] = [search_language(here)]
    if config.site_url:
        config.site_url += f"{here}/"


def search_keywords(build: EditionBuild) -> dict[str, tuple[str, ...]]:
    """Clause id → its search keywords: the working copy's (:attr:`EditionBuild.keywords`); on
    a translated site the translation's first, then the English ones."""
    english = build.keywords
    if not build.handbook.language:
        return english
    return {
        clause.id: tuple(dict.fromkeys((*clause.keywords, *english.get(clause.id, ()))))
        for _, clause in build.handbook.clauses()
    }


def check_all_languages(
    site: Path, english: EditionBuild, languages: Sequence[LanguageBuild], edition: str
) -> None:
    """Fail when any page or index of the site, in any language, holds text of an item the
    edition excludes, in any language (an internal clause's German words on the French site
    as much as on the German one)."""
    found: dict[str, str] = {}
    for build in (english, *(language.build for language in languages)):
        found.update(leakcheck.markers(build.full, edition))
    leaks = leakcheck.scan(site, found)
    if leaks:
        raise HandbookError(leakcheck.failure(edition, leaks))
