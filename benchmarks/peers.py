"""The peers we compare with: plain MkDocs over our exported Markdown, and mkdocs-to-pdf.

mkdocs-to-pdf lives in its own virtual environment (benchmarks/.venv-peer, gitignored),
installed from PyPI the first time the benchmark runs; our own .venv never sees it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PEER_VENV = HERE / ".venv-peer"
PEER_PACKAGES = ("mkdocs-to-pdf==0.12.*", "mkdocs-material>=9.5,<10")
# The Markdown features our exported pages use (the site's mkdocs.yml, without our plugin).
MARKDOWN_EXTENSIONS: list[object] = [
    "attr_list",
    "admonition",
    "tables",
    {"toc": {"permalink": True}},
]


def peer_bin() -> Path:
    """The peer environment's bin/, created and filled on first use."""
    mkdocs = PEER_VENV / "bin" / "mkdocs"
    if not mkdocs.exists():
        print(f"Installing {', '.join(PEER_PACKAGES)} into {PEER_VENV} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        pip = [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, *PEER_PACKAGES], check=True)
    return mkdocs.parent


def peer_version(package: str) -> str:
    python = PEER_VENV / "bin" / "python"
    code = f"import importlib.metadata as m; print(m.version('{package}'))"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def plain_config(folder: Path, docs: Path, site: Path, *, pdf: bool) -> Path:
    """An mkdocs.yml with Material over ``docs``: no handbook plugin; mkdocs-to-pdf if ``pdf``."""
    plugins: list[object] = ["search"]
    if pdf:
        plugins.append({"to-pdf": {"output_path": "pdf/document.pdf"}})
    config = {
        "site_name": "Synthetic Benchmark Handbook",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "theme": {"name": "material", "font": False},
        "plugins": plugins,
        "markdown_extensions": MARKDOWN_EXTENSIONS,
    }
    path = folder / ("mkdocs-to-pdf.yml" if pdf else "mkdocs-plain.yml")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path
