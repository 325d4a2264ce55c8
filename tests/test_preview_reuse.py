"""Under ``mkdocs serve`` a save redoes only what it touched (issue 19): a source file whose
bytes did not change is not parsed again, and a save outside the sources (a hand-written page)
reuses the text as it was. What is shown still follows every change."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config import load_config

from build_tools.publish.plugin import HandbookPlugin
from build_tools.source.loader import load_file
from build_tools.source.reuse import Reuse, reusing
from tests.conftest import MINI, ROOT

CHAPTER = "chapters/01-basics.yml"
TITLE = "    title: Disclose your role\n"


def _serving(tmp_path: Path) -> tuple[HandbookPlugin, Path]:
    """A plugin of its own (not MkDocs' shared instance) as ``mkdocs serve`` starts it."""
    source = tmp_path / "src"
    shutil.copytree(MINI, source)
    plugin = HandbookPlugin()
    errors, _ = plugin.load_config({"source": str(source), "pdf": False})
    assert errors == []
    plugin.on_startup(command="serve", dirty=False)
    return plugin, source


def _rebuild(plugin: HandbookPlugin) -> None:
    """What each build under ``mkdocs serve`` asks of the plugin first: a fresh configuration."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin.on_config(config)
    assert plugin.failure is None


def _titles(plugin: HandbookPlugin) -> list[str]:
    return [clause.title for _, clause in plugin.loaded.handbook.clauses()]


def test_a_save_parses_only_the_file_that_changed(tmp_path: Path) -> None:
    plugin, source = _serving(tmp_path)
    files = len(list(source.rglob("*.yml")))
    _rebuild(plugin)
    assert plugin.kept is not None
    reuse = plugin.kept.reuse
    assert (reuse.parsed, reuse.reused) == (files, 0)
    first = plugin.loaded

    _rebuild(plugin)  # a hand-written page saved: nothing under the sources changed
    assert plugin.loaded is first
    assert (reuse.parsed, reuse.reused) == (files, 0)

    chapter = source / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    assert text.count(TITLE) == 1
    chapter.write_text(text.replace(TITLE, "    title: Disclose your role (edited)\n"))
    _rebuild(plugin)
    assert (reuse.parsed, reuse.reused) == (files + 1, files - 1)
    assert "Disclose your role (edited)" in _titles(plugin)
    assert plugin.loaded is not first

    chapter.write_text(text)  # back as it was: parsed again, shown as it is
    _rebuild(plugin)
    assert reuse.parsed == files + 2
    assert "Disclose your role" in _titles(plugin)


def test_a_broken_save_is_reported_and_the_fix_is_shown(tmp_path: Path) -> None:
    plugin, source = _serving(tmp_path)
    _rebuild(plugin)
    chapter = source / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace(TITLE, '    title: "Disclose your role\n'))
    plugin.on_config(load_config(str(ROOT / "mkdocs.yml")))
    assert plugin.failure is not None
    assert plugin.failure[0].where.endswith(f"{CHAPTER}:7:12")
    chapter.write_text(text)
    _rebuild(plugin)  # the last good text was never kept for a failed load: loaded again
    assert "Disclose your role" in _titles(plugin)


def test_a_file_is_reused_only_with_the_same_bytes_and_path(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    first.write_text("id: a\n", encoding="utf-8")
    second.write_text("id: a\n", encoding="utf-8")
    with reusing(Reuse()) as reuse:
        parsed, _ = load_file(first, "a.yml")
        again, _ = load_file(first, "a.yml")
        other, _ = load_file(second, "b.yml")  # the same bytes under another name
        first.write_text("id: b\n", encoding="utf-8")
        changed, _ = load_file(first, "a.yml")
    assert again is parsed and other is not parsed
    assert other is not None and other.path == "b.yml"
    assert changed is not None and changed.data == {"id": "b"}
    assert (reuse.parsed, reuse.reused) == (3, 1)
    unused, _ = load_file(first, "a.yml")  # outside the block nothing is kept
    assert unused is not changed and reuse.parsed == 3


def test_the_folder_digest_reads_no_pipe_and_no_oversized_file(tmp_path: Path) -> None:
    """A pipe in the sources would block a read for ever, and a huge file fill memory; the
    digest takes neither's bytes, yet still tells a change in an ordinary file."""
    import os

    from build_tools.source.files import MAX_FILE_BYTES
    from build_tools.source.reuse import fingerprint

    source = tmp_path / "src"
    shutil.copytree(MINI, source)
    os.mkfifo(source / "chapters" / "99-pipe.yml")  # nobody writes to it: a read would hang
    with (source / "huge.yml").open("wb") as huge:
        huge.truncate(MAX_FILE_BYTES * 50)  # sparse: its size, not its bytes
    before = fingerprint(source)
    assert fingerprint(source) == before
    chapter = source / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert fingerprint(source) != before
