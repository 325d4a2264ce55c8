"""Live preview latency: from saving one clause's YAML under ``mkdocs serve`` to the new page.

The shipped handbook is copied into a temporary folder (the real sources are never touched);
``mkdocs serve`` runs there on 127.0.0.1; each round renames one clause title in its YAML file
and polls the chapter page over HTTP until the new title is served.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CHAPTER = "02-accounts.yml"
TITLE = "title: Disclosing your affiliation"
PAGE = "chapters/accounts/"
POLL = 0.02  # seconds between two requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until ``url`` serves a page containing ``text``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(POLL)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


def mount_path(config: Path) -> str:
    """Where ``mkdocs serve`` mounts the site: the path of ``site_url`` (``/social-media/``)."""
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            path = urllib.parse.urlsplit(line.split(":", 1)[1].strip()).path
            return path if path.endswith("/") else path + "/"
    return "/"


def copy_project(root: Path, work: Path) -> Path:
    for name in ("mkdocs.yml", "docs", "overrides", "policy_src"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        else:
            shutil.copy2(source, work / name)
    return work


def preview_latency(root: Path, bin_dir: Path, work: Path, rounds: int) -> list[float]:
    """Latency of ``rounds`` saves, each after the previous change was served."""
    work.mkdir(parents=True, exist_ok=True)
    project = copy_project(root, work)
    port = free_port()
    url = f"http://127.0.0.1:{port}{mount_path(project / 'mkdocs.yml')}{PAGE}"
    server = subprocess.Popen(
        [str(bin_dir / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(url, "Disclosing your affiliation", timeout=120)
        chapter = project / "policy_src" / "chapters" / CHAPTER
        original = chapter.read_text(encoding="utf-8")
        latencies = []
        for round_number in range(1, rounds + 1):
            marker = f"Disclosing your affiliation (edit {round_number})"
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            start = time.perf_counter()
            chapter.write_text(original.replace(TITLE, f"title: {marker}", 1), encoding="utf-8")
            wait_for(url, marker, timeout=60)
            latencies.append(time.perf_counter() - start)
        return latencies
    finally:
        server.terminate()
        server.wait(timeout=30)
