"""Reading outputs as an attacker's victim would: what in them could run, and what they hold.

Every check parses: HTML with an HTML parser (attributes entity-decoded as a browser decodes
them), the search index as JSON whose texts are HTML, feeds and sitemaps as XML, PDFs with
pikepdf (every stream decompressed, every object visited).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pikepdf

#: Attributes whose value a browser follows or loads.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "cite"}
)
SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})
#: Elements that embed another document or change where links go, whatever their attributes.
#: (The theme's own <svg> icons and search <form> are judged by their attributes: handlers and
#: addresses are checked on every element.)
ACTIVE_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base"})
#: The theme's own scripts: files shipped in the site's assets folder.
SCRIPT_FILE = re.compile(r"^(\.\./)*(/[\w-]+/)?assets/[\w./-]+\.js$")
_URL_IN_CSS = re.compile(r"url\s*\(|expression\s*\(|@import", re.IGNORECASE)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inline_scripts: list[tuple[str | None, str]] = []
        self._script: tuple[str | None, list[str]] | None = None
        self._theme_ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._theme_hooks(tag, values)
        if tag in ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}> element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "link" and "attachment" in values.get("rel", "").lower():
            self.found.append("<link rel=attachment>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> event handler")
            elif name == "srcdoc":
                self.found.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES and _scheme(value) not in SAFE_SCHEMES:
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and _URL_IN_CSS.search(value):
                self.found.append(f"<{tag} style={value!r}>")
        if tag == "script":
            src = values.get("src")
            if src is not None and not SCRIPT_FILE.match(src):
                self.found.append(f"<script src={src!r}>")
            self._script = (values.get("type"), []) if src is None else None
        if tag == "style":
            self.found.append("<style> element")

    def _theme_hooks(self, tag: str, values: dict[str, str]) -> None:
        """Values the theme's JavaScript acts on: its own ids (``__config``: settings it reads
        with querySelector, so a first copy wins), diagram classes that load a script, links
        that ask for a download or a mail client's attachment."""
        element_id = values.get("id", "")
        if element_id.startswith("_"):
            if element_id in self._theme_ids or (element_id == "__config" and tag != "script"):
                self.found.append(f"<{tag} id={element_id!r}> shadows the theme's own")
            self._theme_ids.add(element_id)
        if "mermaid" in values.get("class", "").split():
            self.found.append(f"<{tag} class=mermaid> (the theme loads a script for it)")
        download = values.get("download")
        if download is not None and not download.endswith(".pdf"):
            self.found.append(f"<{tag} download={download!r}>")
        href = values.get("href", "")
        if _scheme(href) == "mailto" and "?" in href:
            keys = {k.lower() for k, _ in parse_qsl(href.split("?", 1)[1])}
            if not keys <= {"subject", "body"}:
                self.found.append(f"<{tag} href={href!r}> (a mail client may attach a file)")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None


def _scheme(url: str) -> str:
    # Browsers drop control characters and spaces inside a scheme: "java\tscript:" runs.
    squeezed = "".join(c for c in url if c > " ").strip()
    if squeezed.startswith("//"):
        return "network-path"
    return urlsplit(squeezed).scheme.lower()


def normal_script(text: str) -> str:
    """An inline script with the page's base path taken out (it differs with depth only)."""
    return re.sub(r'(URL\(|"base": )"[^"]*"', r'\1"BASE"', text)


def page_scripts(html: str) -> list[tuple[str | None, str]]:
    page = _Page()
    page.feed(html)
    page.close()
    return page.inline_scripts


def executable(html: str, allowed_scripts: set[str] | None = None) -> list[str]:
    """What in ``html`` could run script, load or embed something, or leave the site.

    Inline scripts must be one of ``allowed_scripts`` (the theme's own, taken from a clean
    build; compared with :func:`normal_script`); JSON data blocks must parse as JSON."""
    page = _Page()
    page.feed(html)
    page.close()
    found = list(page.found)
    for kind, text in page.inline_scripts:
        if kind == "application/json":
            try:
                json.loads(text)
            except ValueError:
                found.append("a JSON script block that is not JSON")
        elif allowed_scripts is None or normal_script(text) not in allowed_scripts:
            found.append(f"inline <script>{text[:60]!r}")
    return found


def site_files(folder: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file of a built site, gzip files decompressed."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path, gzip.decompress(data) if path.suffix == ".gz" else data


def search_texts(index: Path) -> Iterator[str]:
    """The HTML fragments of a Material search index (the theme inserts titles and texts as
    HTML): every string of every entry, hidden search keywords too."""
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        yield from (value for value in doc.values() if isinstance(value, str))


def pdf_bytes(data: bytes) -> bytes:
    """Everything a PDF holds, every stream decompressed, as one byte string to search."""
    parts: list[bytes] = [data]
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    parts.append(obj.read_bytes())
                except pikepdf.PdfError:
                    parts.append(obj.read_raw_bytes())
            parts.append(repr(obj).encode("utf-8", "replace"))
    return b"\n".join(parts)


def pdf_active(data: bytes) -> list[str]:
    """Actions, scripts, attachments and non-web links in a PDF."""
    found: list[str] = []
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        names = pdf.Root.get("/Names")
        if names is not None and ("/EmbeddedFiles" in names or "/JavaScript" in names):
            found.append("embedded files or document JavaScript")
        if "/OpenAction" in pdf.Root or "/AA" in pdf.Root:
            found.append("an action on opening")
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                subtype = str(annot.get("/Subtype"))
                if subtype == "/FileAttachment":
                    found.append("a file attachment")
                action = annot.get("/A")
                if action is None:
                    continue
                kind = str(action.get("/S"))
                if kind in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
                    found.append(f"a {kind} action")
                if kind == "/URI":
                    uri = str(action.get("/URI"))
                    if _scheme(uri) not in SAFE_SCHEMES:
                        found.append(f"a link to {uri!r}")
    return found
