"""The sanitizer's policies, value by value: what a page keeps, what an editor may write."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.source.sanitize import EDITOR, PAGE, clean, markdown_text, removals


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<h2 id="SM-PRIV-02" class="clause">x</h2>', '<h2 id="SM-PRIV-02" class="clause">x</h2>'),
        ('<h2 id="term-café" class="term">x</h2>', '<h2 id="term-café" class="term">x</h2>'),
        ('<p id="__config">x</p>', "<p>x</p>"),  # the theme's settings
        ('<p id="_x">x</p>', "<p>x</p>"),
        ('<div class="admonition clause">x</div>', '<div class="admonition">x</div>'),
        ('<pre class="mermaid">x</pre>', "<pre>x</pre>"),
        ('<code class="language-yaml">x</code>', '<code class="language-yaml">x</code>'),
        ('<a href="x" data-md-component="source">x</a>', '<a href="x">x</a>'),
        ('<a href="handbook.pdf" download="handbook.pdf">x</a>',
         '<a href="handbook.pdf" download="handbook.pdf">x</a>'),
        ('<a href="x" download="a.exe">x</a>', '<a href="x">x</a>'),
        ('<a href="//evil.example/">x</a>', "<a>x</a>"),
        ('<a href="https:\\\\evil.example/">x</a>', "<a>x</a>"),
        ('<a href="http:/evil.example/">x</a>', "<a>x</a>"),
        ('<a href="mailto:a@b.example?attach=/etc/passwd">x</a>', "<a>x</a>"),
        ('<a href="mailto:a@b.example?subject=Hi&amp;body=Yes">x</a>',
         '<a href="mailto:a@b.example?subject=Hi&amp;body=Yes">x</a>'),
        ('<img src="https://media.example/a.png" alt="a">',
         '<img src="https://media.example/a.png" alt="a">'),
        ('<img src="https://evil.example/a.png" alt="a">', '<img alt="a">'),
        ('<img src="img/local.png" alt="a">', '<img src="img/local.png" alt="a">'),
    ],
)  # fmt: skip
def test_the_page_keeps_only_the_handbook_s_own_values(html: str, kept: str) -> None:
    assert clean(html, image_hosts=frozenset({"media.example"})) == kept


def test_the_print_book_keeps_web_mail_and_in_book_links_only() -> None:
    html = '<a href="#SM-X-01" class="xref">a</a> <a href="../x">b</a> <img src="x.png" alt="c">'
    assert (
        clean(html, images=False) == '<a href="#SM-X-01" class="xref">a</a> <a>b</a> <img alt="c">'
    )


def test_the_editor_policy_is_inside_the_page_policy() -> None:
    assert EDITOR.tags <= PAGE.tags
    for tag, names in EDITOR.attributes.items():
        assert names <= PAGE.attributes.get(tag, frozenset()) | PAGE.attributes["*"], tag
    for tag, classes in EDITOR.classes.items():
        assert classes <= PAGE.classes[tag], tag


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<h3>x</h3>", "headings are not allowed in the text of an item"),
        ('<p id="x">y</p>', "attribute 'id' on <p> is not allowed in Markdown"),
        ('<div class="admonition clause">y</div>', "class 'clause' on <div> is not allowed"),
        ('<img src="img/local.png" alt="a">', "image 'img/local.png': use the full https"),
        ('<img src="https://x.example/a.png">', "image from 'x.example': the handbook shows"),
        ("<p>a<!-- b --></p>", "HTML comments are not allowed in Markdown"),
    ],
)
def test_what_an_editor_may_not_write_is_named(html: str, message: str) -> None:
    [first, *_] = [r.message for r in removals(html)]
    assert first.startswith(message)


def test_plain_fields_are_text_in_markdown() -> None:
    assert markdown_text("<b>{ #x }</b>\n[a](b)") == (
        "&lt;b&gt;\\{ \\#x \\}&lt;/b&gt; \\[a\\]\\(b\\)"
    )


def test_a_cycle_s_plain_fields_stay_text_on_the_home_page() -> None:
    """Who approved a cycle is plain text: whatever its bytes, the home page's version line
    shows them as written and holds no element made from them."""
    import dataclasses
    import datetime as dt
    from html.parser import HTMLParser

    import markdown

    from build_tools.publish.pipeline import load_handbook
    from build_tools.site.pages import INDEX, render_pages
    from build_tools.source.markup import EXTENSIONS
    from build_tools.source.model import Cycle
    from tests.conftest import MINI

    hostile = "<img src=x onerror=alert(1)> *Board* [x](javascript:alert(1)) {: #id } &amp;"
    cycle = Cycle(id="2026-H1", closed=dt.date(2026, 1, 1), approved_by=hostile)
    handbook = dataclasses.replace(load_handbook(MINI, "public"), cycles=(cycle,), draft=False)
    html = markdown.markdown(render_pages(handbook)[INDEX], extensions=list(EXTENSIONS))

    class Version(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.inside, self.text, self.tags = False, "", []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.inside:
                self.tags.append(tag)
            self.inside = self.inside or ("class", "version") in attrs

        def handle_endtag(self, tag: str) -> None:
            self.inside = self.inside and tag != "p"

        def handle_data(self, data: str) -> None:
            self.text += data if self.inside else ""

    found = Version()
    found.feed(html)
    assert found.tags == []
    assert f"approved by {hostile} on 1 January 2026" in found.text


def test_a_cycle_s_plain_fields_stay_text_on_the_versions_page() -> None:
    """The versions page's table shows who approved each version as written: the only
    elements in the table are the ones the page makes (its links to the archived copies)."""
    import dataclasses
    import datetime as dt

    import markdown
    from bs4 import BeautifulSoup

    from build_tools.publish.pipeline import load_handbook
    from build_tools.site.versions import versions_page
    from build_tools.source.markup import EXTENSIONS
    from build_tools.source.model import Cycle
    from tests.conftest import MINI

    hostile = "<img src=x onerror=alert(1)> *Board* [x](javascript:alert(1)) | cell { #id }"
    cycle = Cycle(id="2026-H1", closed=dt.date(2026, 1, 1), approved_by=hostile)
    handbook = dataclasses.replace(load_handbook(MINI, "public"), cycles=(cycle,), draft=False)
    page = versions_page(handbook, archived=frozenset({"2026-H1"}))
    html = clean(markdown.markdown(page, extensions=list(EXTENSIONS)))
    table = BeautifulSoup(html, "html.parser").table
    assert table is not None
    cells = [td.get_text() for td in table.select("tbody td")]
    assert cells[1] == hostile
    assert sorted({tag.name for tag in table.select("tbody *")}) == ["a", "td", "tr"]
    assert [a["href"] for a in table.select("a")] == ["2026-H1/", "2026-H1/handbook.pdf"]


def test_a_compressed_output_that_unpacks_without_end_is_not_read_whole(tmp_path: Path) -> None:
    """A sitemap.xml.gz (say, from a tampered cache entry) that unpacks to more than the leak
    check reads is refused, not read into memory."""
    import gzip

    from build_tools.publish import output_text
    from build_tools.source.errors import HandbookError

    bomb = tmp_path / "sitemap.xml.gz"
    with gzip.open(bomb, "wb") as out:
        for _ in range((output_text.MAX_UNPACKED >> 20) + 1):
            out.write(bytes(1 << 20))
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(HandbookError, match="unpacks to over 64 MiB"):
        output_text.file_text(bomb)


@pytest.mark.e2e  # WeasyPrint
def test_the_pdf_leak_check_reads_words_broken_at_line_ends() -> None:
    """In a narrow column an excluded clause's id wraps at one of its own hyphens and a word of
    its text is hyphenated: the leak check reads both as they were written."""
    import io

    import pypdfium2

    from build_tools.printbook.pdf import write_pdf
    from build_tools.publish import leakcheck, output_text

    html = (
        '<html lang="en"><body style="width: 22mm; font-size: 11pt">'
        '<p style="hyphens: manual">MINI-BASIC-03</p>'
        '<p style="hyphens: auto">Telecommunications</p></body></html>'
    )
    data = write_pdf(html)
    page = pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "MINI-\r\n" in page or "BASIC-\r\n" in page or "\ufffe" in page, page
    assert "\u2010\r\n" in page, page  # hyphenation broke the word
    found = {"mini-basic-03": "MINI-BASIC-03", "telecommunications": "MINI-BASIC-04"}
    leaks = leakcheck.pdf_leaks("card.pdf", data, found)
    assert {leak.marker for leak in leaks} == set(found)
    assert "MINI-BASIC-03" in output_text.pdf_text(io.BytesIO(data))
