"""Feedback from the page and the address behind it: "Suggest a change" opens the clause's
YAML file on the repository host; "Ask about this rule" is a mailto: link to
``contact_email`` with the clause in the subject. The address and the subject come from the
sources, so both are hostile input: nothing in them may add a recipient, a header or a
script."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import yaml

from build_tools.site.feedback import Feedback, ask_href, edit_links, feedback_line
from tests.conftest import MINI, ROOT, SHIPPED, handbook
from tests.site_html import page, resolve

REPO = "https://git.harbourline.example/comms/social-media-handbook/"
EDIT = REPO + "edit/main/"

#: Addresses an attacker would put in handbook.yml: a script, extra recipients or headers,
#: a line break before a header, several addresses, markup.
HOSTILE_EMAILS = [
    "javascript:alert(1)",
    "javascript:alert(1)//@x.example",
    "comms@example.test?cc=boss@example.test",
    "comms@example.test&bcc=spy@evil.example",
    "comms@example.test?subject=Resign",
    "comms@example.test\nBcc: spy@evil.example",
    "comms@example.test\r\nBcc: spy@evil.example",
    "comms@example.test,spy@evil.example",
    "comms@example.test spy@evil.example",
    "comms%40example.test%3Fcc%3Dspy@evil.example",
    '"><script>alert(1)</script>@example.test',
    "comms@example.test#x",
    "comms@localhost",
    ".comms@example.test",
]


@pytest.mark.parametrize("email", HOSTILE_EMAILS)
def test_ask_link_refuses_any_address_that_is_not_a_plain_mailbox(email: str) -> None:
    assert ask_href(email, "Question about 1.1 Title") is None


def test_ask_link_encodes_the_whole_subject_so_it_stays_one_header() -> None:
    title = "Replies & reposts?cc=spy@evil.example&bcc=x@y.z#frag\nBcc: z@evil.example 100%"
    href = ask_href("comms@example.test", f"Question about 1.1 {title}")
    assert href is not None
    parts = urlsplit(href)
    assert (parts.scheme, parts.path, parts.fragment) == ("mailto", "comms@example.test", "")
    assert parse_qsl(parts.query, keep_blank_values=True) == [
        ("subject", "Question about 1.1 " + " ".join(title.split()))
    ]
    assert href == (
        "mailto:comms@example.test?subject=Question%20about%201.1%20Replies%20%26%20reposts"
        "%3Fcc%3Dspy%40evil.example%26bcc%3Dx%40y.z%23frag%20Bcc%3A%20z%40evil.example%20100%25"
    )


def test_suggest_links_are_only_made_from_a_web_address() -> None:
    files = {"A-1": "../policy_src/chapters/01 scope.yml"}
    assert edit_links(EDIT + "docs/", files) == {"A-1": EDIT + "policy_src/chapters/01%20scope.yml"}
    for base in ("javascript:alert(1)//x/", "file:///etc/", "//host/edit/", EDIT + "docs"):
        assert edit_links(base, files) == {}


def test_feedback_line_keeps_markdown_out_of_the_addresses() -> None:
    feedback = Feedback(edit={"A-1": EDIT + "x (1).yml"}, contact="comms@example.test")
    line = feedback_line("A-1", "1.1", "Title [x](javascript:alert(1))", feedback)
    assert line == (
        f"[Suggest a change]({EDIT}x%20%281%29.yml){{ .suggest-change }} · "
        "[Ask about this rule](mailto:comms@example.test?subject=Question%20about%201.1%20"
        "Title%20%5Bx%5D%28javascript%3Aalert%281%29%29){ .ask-about }\n{ .clause-feedback }"
    )
    assert feedback_line("A-1", "1.1", "Title", Feedback()) == ""


def _handbook_yml(folder: Path, email: str) -> Path:
    file = folder / "handbook.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["contact_email"] = email
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return file


@pytest.mark.parametrize("email", HOSTILE_EMAILS)
def test_check_refuses_a_hostile_contact_email_at_its_line(mini: Path, email: str) -> None:
    file = _handbook_yml(mini, email)
    run = handbook("check", "--source", mini)
    assert run.code == 1
    line = next(
        n for n, text in enumerate(file.read_text().splitlines(), 1) if "contact_email" in text
    )
    where = f"handbook.yml:{line}:"
    found = [m for m in run.err.splitlines() if where in m]
    assert any("is not a valid email address" in m for m in found), run.err
    assert "Traceback" not in run.err


def test_check_accepts_a_plain_contact_email(mini: Path) -> None:
    _handbook_yml(mini, "social-media.team+handbook@mail.harbourline.example")
    assert handbook("check", "--source", mini).code == 0


# The built site (real MkDocs). The published text is the approved snapshot, which has no
# contact_email; the address is routing, not a rule, so it comes from the working copy.


def published_contact() -> str:
    """The working copy's contact address (the approved snapshot has none)."""
    meta = yaml.safe_load((SHIPPED / "handbook.yml").read_text(encoding="utf-8"))
    return str(meta["contact_email"])


@pytest.mark.e2e
def test_each_published_clause_suggests_a_change_to_its_own_yaml_file(public_site: Path) -> None:
    soup = page(public_site, "chapters/scope/index.html")
    clauses = soup.select("h2.clause")
    assert len(clauses) >= 3
    for heading in clauses:
        feedback = heading.find_next_sibling("p", class_="clause-feedback")
        assert feedback is not None and feedback.find_previous_sibling("h2") is heading
        link = feedback.select_one("a.suggest-change")
        assert link is not None and link.get_text() == "Suggest a change"
        assert link["href"] == EDIT + "policy_src/chapters/01-scope.yml"
        ask = feedback.select_one("a.ask-about")
        assert ask is not None and ask.get_text() == "Ask about this rule"
        number = heading.get_text(" ", strip=True).split()[0]
        assert ask["href"].startswith(  # the working copy's address: the snapshot has none
            f"mailto:{published_contact()}?subject=Question%20about%20{number}%20"
        )


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small handbook's draft site, built with the project's own mkdocs.yml from a project
    folder that holds its sources (as the repository does), one title hostile."""
    project = tmp_path_factory.mktemp("feedback") / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(MINI, project / "policy_src")
    chapter = project / "policy_src" / "chapters" / "02-more.yml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text.replace("title: Share results late", 'title: "Results & replies?cc=x@evil.example"'),
        encoding="utf-8",
    )
    out = project / "site"
    run = handbook(
        "build", "--config", project / "mkdocs.yml", "--source", project / "policy_src",
        "--draft", "--no-pdf", "--no-archive", "--out", out,
    )  # fmt: skip
    assert run.code == 0, run.err
    return out


@pytest.mark.e2e
def test_a_clause_asks_its_owner_with_the_clause_in_the_subject(draft_site: Path) -> None:
    soup = page(draft_site, "chapters/more/index.html")
    heading = soup.find(id="MINI-MORE-01")
    assert heading is not None
    feedback = heading.find_next_sibling("p", class_="clause-feedback")
    assert feedback is not None
    hrefs = {a.get_text(): a["href"] for a in feedback.find_all("a")}
    assert hrefs == {
        "Suggest a change": EDIT + "policy_src/chapters/02-more.yml",
        "Ask about this rule": "mailto:comms@example.test?subject=Question%20about%202.1%20"
        "Results%20%26%20replies%3Fcc%3Dx%40evil.example",
    }
    query = urlsplit(hrefs["Ask about this rule"]).query
    assert [key for key, _ in parse_qsl(query)] == ["subject"]
    assert unquote(query) == "subject=Question about 2.1 Results & replies?cc=x@evil.example"


@pytest.mark.e2e
def test_the_guide_is_outside_the_navigation_and_linked_from_every_footer(
    public_site: Path, draft_site: Path
) -> None:
    for site in (public_site, draft_site):
        for url in ("index.html", "chapters/scope/index.html", "guide/format/index.html"):
            if not (site / url).is_file():
                continue
            soup = page(site, url)
            nav = soup.select_one("nav.md-nav--primary")
            assert nav is not None
            assert "How to change the handbook" not in nav.get_text()
            assert not [a for a in nav.find_all("a", href=True) if "guide/" in str(a["href"])]
            link = soup.select_one("footer .md-copyright__guide a")
            assert link is not None and link.get_text() == "How to change the handbook"
            target = resolve(site, url, str(link["href"]))
            assert target is not None and target[0] == site / "guide" / "index.html"
            assert target[0].is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[How to change the handbook](docs/guide/index.md)" in readme
