"""The print layout fetches only the package's own files: every other address stops it.

These feed WeasyPrint print HTML directly, past the sanitizer, so that the URL fetcher is
proven on its own: a file of the build machine, the process environment, the network, a path
that climbs out of the package, a data address, an attachment.
"""

from __future__ import annotations

import pytest

from build_tools.printbook.fetch import OWN_FILES, FetchRefused, allowed_path
from build_tools.printbook.pdf import write_pdf

SECRET = "/etc/hostname"

HOSTILE = {
    "image-file-url": f'<img src="file://{SECRET}">',
    "image-absolute-path": f'<img src="{SECRET}">',
    "image-climbing-out": '<img src="../../../../../../../../../proc/self/environ">',
    "image-network": '<img src="http://169.254.169.254/latest/meta-data/">',
    "image-data-svg": '<img src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22/>">',
    "stylesheet-network": '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    "stylesheet-import": f'<style>@import url("file://{SECRET}");</style>',
    "style-background": '<p style="background: url(file:///proc/self/environ)">x</p>',
    "attachment-link": f'<a rel="attachment" href="file://{SECRET}">x</a>',
    "attachment-element": f'<link rel="attachment" href="file://{SECRET}">',
    "object": f'<object data="file://{SECRET}">x</object>',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_anything_outside_the_package_stops_the_layout(case: str) -> None:
    html = f"<!doctype html><html><head></head><body><p>Text</p>{HOSTILE[case]}</body></html>"
    with pytest.raises(FetchRefused) as refused:
        write_pdf(html)
    message = refused.value.message
    assert message.startswith("the print handbook refers to '")
    assert "which it may not fetch" in message


def test_the_package_s_own_files_are_served() -> None:
    html = (
        '<!doctype html><html><head><link rel="stylesheet" href="print-parts.css"></head>'
        "<body><p>Text</p></body></html>"
    )
    assert write_pdf(html).startswith(b"%PDF-")


def test_allowed_paths_are_resolved_before_they_are_judged() -> None:
    own = (OWN_FILES / "print.css").as_uri()
    assert allowed_path(own) == OWN_FILES / "print.css"
    assert allowed_path(own.replace("print.css", "../../../../../../etc/hostname")) is None
    assert allowed_path(own.replace("print.css", "%2e%2e/__init__.py")) is None  # exists
    assert allowed_path(own.replace("file://", "file://evil.example")) is None
    assert allowed_path("https://example.org/print.css") is None
    assert allowed_path((OWN_FILES / "no-such-file.css").as_uri()) is None
