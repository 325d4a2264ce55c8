"""The live preview renders again only the pages a save changed.

Under ``mkdocs serve`` every save rebuilds the whole site, and most of a rebuild is MkDocs
converting each page's Markdown to HTML, although a save of one clause changes the Markdown of
a few pages only. :class:`Renders` keeps each page's conversion from one build to the next and
gives it back when the page's Markdown, and everything else its conversion depends on (the
Markdown extensions and their settings, the site's files and their addresses, how links are
checked), are the same; any other page is converted as usual. The rest of the build (the
navigation, the templates, search, the plugin's own steps) runs as always.

The conversion is :meth:`mkdocs.structure.pages.Page.render` (MkDocs 1.6, pinned below 2), and
what it leaves on the page is kept: the HTML, the table of contents, the title found in it,
the anchors it holds and its links to anchors of other pages.
tests/test_preview_pages.py holds the reused pages to the pages a full build makes. Only the
Markdown extensions known to read nothing but the page allow it (:data:`PURE`; the
handbook's own need nothing else): one that includes other files, as ``pymdownx.snippets``
does, would leave a page as it was after a save of the file it includes. A page reused keeps
quiet about the broken links MkDocs warned about when it was converted.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


@dataclass(frozen=True)
class Rendered:
    """What :meth:`Page.render` leaves on a page."""

    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str] | None
    links: dict[str, dict[str, str]] | None  # linked file's src_uri → anchor → link

    @classmethod
    def of(cls, page: Page) -> Rendered:
        links = page.links_to_anchors
        return cls(
            content=page.content or "",
            toc=copy.deepcopy(page.toc),
            title=page._title_from_render,
            anchors=frozenset(page.present_anchor_ids or ()),
            links=None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
        )

    def restore(self, page: Page, files: Files) -> None:
        page.content = self.content
        page.toc = copy.deepcopy(self.toc)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors) if self.anchors is not None else None
        if self.links is not None:
            found = {uri: files.get_file_from_path(uri) for uri in self.links}
            page.links_to_anchors = {f: dict(self.links[u]) for u, f in found.items() if f}


#: Markdown extensions whose output depends on the page's Markdown and their settings only:
#: none reads a file (as ``pymdownx.snippets`` or ``abbr``'s glossary files do). With any
#: other extension every page is converted on every build.
PURE = frozenset(
    {
        "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes",
        "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty",
        "tables", "toc", "wikilinks", "pymdownx.betterem", "pymdownx.caret", "pymdownx.details",
        "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.mark",
        "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tabbed",
        "pymdownx.tasklist", "pymdownx.tilde",
    }
)  # fmt: skip


def reusable(config: MkDocsConfig) -> bool:
    """Whether a page's conversion can be reused: every Markdown extension is one of
    :data:`PURE` (named as MkDocs' configuration names it)."""
    names = (str(e).removeprefix("markdown.extensions.") for e in config["markdown_extensions"])
    return all(name in PURE for name in names)


def setting(config: MkDocsConfig, files: Files) -> str:
    """A digest of everything but a page's Markdown that its conversion depends on."""
    parts = (
        repr(config["markdown_extensions"]),
        repr(config["mdx_configs"]),
        repr(config["validation"]),
        repr(config["use_directory_urls"]),
        repr(sorted((f.src_uri, f.dest_uri, f.url) for f in files)),
    )
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=16).hexdigest()


class Renders:
    """Each page's conversion of the last build, reused when nothing it depends on changed."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str, str], Rendered] = {}
        self.made: dict[tuple[str, str, str], Rendered] = {}
        self.setting = ""
        self.reused = 0  # pages given back in this build

    def begin(self, config: MkDocsConfig, files: Files) -> None:
        """A build's pages are about to be converted (its files are final): what the last
        build converted is what may be reused."""
        if self.made:
            self.kept, self.made = self.made, {}
        self.setting = setting(config, files) if reusable(config) else ""
        self.reused = 0

    def attach(self, page: Page) -> None:
        """Make ``page``'s conversion reuse the last build's when it is the same."""
        convert, where = page.render, self.setting
        if not where:  # an extension that reads files: converted as usual
            return

        def render(config: MkDocsConfig, files: Files) -> None:
            key = (where, page.file.src_uri, page.markdown or "")
            found = self.kept.get(key)
            if found is None:
                convert(config, files)
                found = Rendered.of(page)
            else:
                found.restore(page, files)
                self.reused += 1
            self.made[key] = found

        page.render = render  # type: ignore[method-assign]


class Templates(jinja2.BytecodeCache):
    """Under ``mkdocs serve``: the theme's templates compiled once, not on every build (MkDocs
    makes a new Jinja environment for each). Jinja compiles a template again whenever its
    source changed (the checksum it keeps with each), so an edit of ``overrides/`` shows."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
