"""Hostile sources, written as an attacker would: refused at their line, or shown harmlessly.

Each file of ``tests/hostile/`` is one case. Its name says where it is planted into a copy of
the small fixture handbook (``chapter-NAME`` → ``chapters/50-NAME.yml``, ``example-NAME`` →
``examples/NAME.yml``, ``handbook-…`` → ``handbook.yml``, ``glossary-…`` → ``glossary.yml``);
``@SECRET@`` stands for the path of a secret file outside the sources. Its comment lines say
what must come of it:

- ``# refused: LINE:COL: MESSAGE``: ``handbook check`` reports exactly that at that place of
  the planted file (every error in the file must be listed so);
- ``# shown: TEXT``: the case builds, and TEXT is visible text on the site: typed markup is
  shown as typed, never run.

All cases are planted together into one handbook. The canary then builds that handbook's site
and both print handbooks with the markup check switched off, so that the second line of
defence (the sanitizer, the confined URL fetcher, the escaping of plain fields) stands alone:
with a secret in the environment and in a file outside the sources, sockets blocked and every
``open`` watched, no byte of any output may hold a secret, no page may hold anything that runs,
and nothing may have been fetched.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from build_tools.printbook.book import cached_handbook_pdf
from build_tools.publish import leakcheck
from build_tools.publish import pipeline as api
from build_tools.publish import site_build as site
from build_tools.source import validate
from build_tools.source.problems import Problem
from tests import safety
from tests.browser import open_tab, page_urls, serve
from tests.conftest import MINI, ROOT, handbook
from tests.site_html import visible_text

# Real tools (MkDocs, WeasyPrint, Chromium or the CLI); one pytest-xdist worker runs the whole
# module, so that its module fixtures are made once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("hostile_corpus")]

pytest_plugins = ["tests.browser_fixtures"]

CORPUS = ROOT / "tests" / "hostile"
CASES = sorted(p.stem for p in CORPUS.glob("*.yml"))
PLACES = {"chapter": "chapters/50-{}.yml", "example": "examples/{}.yml"}


def target(case: str) -> str:
    kind, _, name = case.partition("-")
    if kind in PLACES:
        return PLACES[kind].format(name)
    return f"{kind}.yml"


def expectations(case: str, prefix: str) -> list[str]:
    lines = (CORPUS / f"{case}.yml").read_text(encoding="utf-8").splitlines()
    return [line.removeprefix(prefix).strip() for line in lines if line.startswith(prefix)]


@dataclasses.dataclass
class Planted:
    root: Path  # the handbook's source folder
    secret_file: Path
    file_token: str  # what the secret file holds
    env_token: str  # what the secret environment variable holds


def plant(folder: Path, outside: Path) -> Planted:
    """The fixture handbook with every case planted into ``folder``, and a secret file in
    ``outside`` (a short path, so that messages quote it whole)."""
    root = folder / "src"
    shutil.copytree(MINI, root)
    secret_file = outside / "secret.txt"
    file_token = "FILE-CANARY-" + secrets.token_hex(8)
    secret_file.write_text(file_token + "\n", encoding="utf-8")
    for case in CASES:
        text = (CORPUS / f"{case}.yml").read_text(encoding="utf-8")
        (root / target(case)).write_text(text.replace("@SECRET@", str(secret_file)), "utf-8")
    return Planted(root, secret_file, file_token, "ENV-CANARY-" + secrets.token_hex(8))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planted]:
    with tempfile.TemporaryDirectory() as outside:
        yield plant(tmp_path_factory.mktemp("hostile"), Path(outside))


@pytest.fixture(scope="module")
def reported(planted: Planted) -> list[Problem]:
    """``handbook check`` of every case at once (in-process), relative to the source folder."""
    cwd = os.getcwd()
    os.chdir(planted.root)
    try:
        handbook_, problems = api.check_sources(Path("."))
    finally:
        os.chdir(cwd)
    assert handbook_ is None
    return problems


def test_every_case_says_what_must_come_of_it() -> None:
    assert len(CASES) >= 10
    targets = [target(case) for case in CASES]
    assert len(set(targets)) == len(targets), "two cases would overwrite the same file"
    for case in CASES:
        assert expectations(case, "# refused:") or expectations(case, "# shown:"), case


@pytest.mark.parametrize("case", CASES)
def test_case_is_refused_exactly_where_it_says(
    case: str, planted: Planted, reported: list[Problem]
) -> None:
    file = target(case)
    expected = sorted(f"{file}:{line}" for line in expectations(case, "# refused:"))
    found = sorted(
        f"{file}:{p.location.line}:{p.location.column}: {p.message}".replace(
            str(planted.secret_file), "@SECRET@"
        )
        for p in reported
        if p.location.file == file and p.severity == "error"
    )
    assert found == expected


def test_the_secret_is_in_no_message(planted: Planted, reported: list[Problem]) -> None:
    assert all(planted.file_token not in str(p) for p in reported)


def test_the_command_refuses_the_build_and_writes_nothing(planted: Planted, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run = handbook("build", "--source", planted.root, "--out", out, "--no-pdf")
    assert run.code == 1
    assert "Traceback" not in run.err
    assert planted.file_token not in run.err + run.out
    assert not out.exists()
    assert "error: raw HTML <script> is not allowed in Markdown" in run.err


# The canary: the sanitizer, the fetcher and the escaping alone, with the markup check off.


@dataclasses.dataclass
class Built:
    site: Path
    pdfs: dict[str, bytes]
    clean_scripts: set[str]
    opened: list[str]
    connections: list[str]


@pytest.fixture(scope="module")
def canary(
    planted: Planted, tmp_path_factory: pytest.TempPathFactory, public_site: Path
) -> Iterator[Built]:
    out = tmp_path_factory.mktemp("canary")
    opened: list[str] = []
    connections: list[str] = []
    watched = (str(planted.secret_file), "/proc/self/environ")
    watching = [True]

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if watching[0] and event == "open" and args and str(args[0]).endswith(watched):
            opened.append(str(args[0]))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        connections.append(repr(args)[:100])
        raise OSError("network blocked by the canary test")

    sys.addaudithook(audit)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HANDBOOK_CANARY_SECRET", planted.env_token)
        patch.setenv("HANDBOOK_PDF_WORKERS", "1")  # every layout in this process, watched
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        patch.setattr(validate, "markup_problems", lambda text, hosts: [])
        project = out / "project"
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copytree(ROOT / "overrides", project / "overrides")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        config = project / "mkdocs.yml"
        built = site.build_site(config, planted.root, "public", out / "site", strict=False)
        pdfs = {"public": (built / "handbook.pdf").read_bytes()}
        internal = api.load_edition(planted.root, "internal")
        pdfs["internal"], _ = cached_handbook_pdf(api.print_html(internal), "canary-internal")
        markers = leakcheck.markers(internal.full, "internal")
        assert leakcheck.pdf_leaks("internal", pdfs["internal"], markers) == []
    watching[0] = False
    scripts = {  # the theme's own, from a clean build (the same mkdocs.yml and templates)
        safety.normal_script(text)
        for page in public_site.rglob("*.html")
        for kind, text in safety.page_scripts(page.read_text(encoding="utf-8"))
    }
    yield Built(built, pdfs, scripts, opened, connections)


def test_canary_no_output_holds_a_secret(canary: Built, planted: Planted) -> None:
    tokens = (planted.file_token.encode(), planted.env_token.encode())
    holding = [
        str(path.relative_to(canary.site))
        for path, data in safety.site_files(canary.site)
        for token in tokens
        if token in (safety.pdf_bytes(data) if path.suffix == ".pdf" else data)
    ]
    for name, data in canary.pdfs.items():
        holding += [f"{name} PDF" for token in tokens if token in safety.pdf_bytes(data)]
    assert holding == []


def test_canary_no_page_holds_anything_that_runs(canary: Built) -> None:
    pages = sorted(canary.site.rglob("*.html"))
    assert len(pages) > 10
    found = {
        str(page.relative_to(canary.site)): what
        for page in pages
        if (what := safety.executable(page.read_text(encoding="utf-8"), canary.clean_scripts))
    }
    index = canary.site / "search" / "search_index.json"
    found |= {
        f"search index: {text[:40]!r}": what
        for text in safety.search_texts(index)
        if (what := safety.executable(text, set()))
    }
    assert found == {}


def test_canary_no_pdf_holds_an_action_or_attachment(canary: Built) -> None:
    assert {name: safety.pdf_active(data) for name, data in canary.pdfs.items()} == {
        "public": [],
        "internal": [],
    }


def test_canary_nothing_was_fetched(canary: Built) -> None:
    assert canary.opened == []
    assert canary.connections == []


def test_canary_typed_markup_is_shown_as_typed(canary: Built) -> None:
    shown = [text for case in CASES for text in expectations(case, "# shown:")]
    assert shown
    pages = " ".join(
        visible_text(page.read_text(encoding="utf-8")) for page in canary.site.rglob("*.html")
    )
    assert [text for text in shown if text not in pages] == []


def test_canary_in_a_browser_nothing_runs_and_nothing_leaves(
    canary: Built, browser: Browser
) -> None:
    """Every page of the hostile site in Chromium: no dialog opens (the corpus's scripts call
    alert), no request leaves the local server, the theme's settings are its own."""
    with serve(canary.site) as site:
        tab = open_tab(browser, site)
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        settings = []
        for url in page_urls(canary.site):
            tab.page.goto(site.base + url, wait_until="load")
            settings.append(tab.page.evaluate(
                "() => JSON.parse(document.querySelector('#__config').textContent).base"
            ))  # fmt: skip
        tab.context.close()
    assert dialogs == []
    assert tab.blocked == []
    assert [u for u in tab.requests if not u.startswith(site.origin + "/")] == []
    assert not [base for base in settings if "://" in base]
