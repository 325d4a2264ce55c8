"""Under ``mkdocs serve`` a save converts again only the pages whose Markdown changed
(build_tools/publish/preview_pages.py, issue 19), and the site it serves is byte for byte the
site a build from scratch makes of the same sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection
from mkdocs.structure.files import File, Files

from build_tools.publish.plugin import HandbookPlugin
from build_tools.publish.preview_pages import Renders, reusable, setting
from tests.conftest import MINI, ROOT, project_with_page

pytestmark = pytest.mark.e2e  # real MkDocs builds

CHAPTER = "chapters/01-basics.yml"
TITLE = "    title: Disclose your role\n"


def _serving(source: Path) -> HandbookPlugin:
    """A plugin of its own (not MkDocs' shared instance), as ``mkdocs serve`` starts it."""
    plugin = HandbookPlugin()
    errors, _ = plugin.load_config({"source": str(source), "pdf": False})
    assert errors == []
    plugin.on_startup(command="serve", dirty=False)
    return plugin


def _config(plugin: HandbookPlugin, site: Path) -> MkDocsConfig:
    """What each build under ``mkdocs serve`` starts from: the configuration read again, here
    with ``plugin`` in the place of the handbook's."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    plugins = PluginCollection()
    for name, each in config.plugins.items():
        plugins[name] = plugin if name == "handbook" else each
    config.plugins = plugins
    return config


def _pages(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.suffix in (".html", ".json", ".js", ".xml")
    }


def test_a_save_converts_only_changed_pages_and_serves_the_same_site(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(MINI, source)
    plugin = _serving(source)
    build(_config(plugin, tmp_path / "first"))
    assert plugin.renders is not None
    assert plugin.renders.reused == 0
    converted = len(plugin.renders.made)

    chapter = source / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    assert text.count(TITLE) == 1
    chapter.write_text(text.replace(TITLE, "    title: Disclose your role (edited)\n"))
    build(_config(plugin, tmp_path / "second"))
    assert 0 < plugin.renders.reused < converted  # the chapter and its neighbours again

    fresh = _serving(source)
    build(_config(fresh, tmp_path / "fresh"))
    second, expected = _pages(tmp_path / "second"), _pages(tmp_path / "fresh")
    assert second.keys() == expected.keys()
    assert [name for name in expected if second[name] != expected[name]] == []
    assert b"Disclose your role (edited)" in second["chapters/basics/index.html"]


def test_what_a_conversion_depends_on_besides_the_markdown(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))

    def file(name: str) -> File:
        return File(name, str(tmp_path / "docs"), str(tmp_path / "site"), True)

    files = Files([file("a.md")])
    before = setting(config, files)
    assert setting(config, Files([file("a.md")])) == before
    assert setting(config, Files([file("a.md"), file("b.md")])) != before
    config["mdx_configs"] = {**config["mdx_configs"], "toc": {"permalink": False}}
    assert setting(config, files) != before
    renders = Renders()
    renders.begin(config, files)
    assert reusable(config)
    assert renders.setting == setting(config, files)


def test_no_reuse_with_an_extension_that_reads_other_files(tmp_path: Path) -> None:
    """``pymdownx.snippets`` puts another file's text into a page: a save of that file
    changes the page, not its Markdown, so every page is converted again."""
    source = tmp_path / "src"
    shutil.copytree(MINI, source)
    plugin = _serving(source)
    for site in ("first", "second"):
        config = _config(plugin, tmp_path / site)
        config["markdown_extensions"].append("pymdownx.snippets")
        assert not reusable(config)
        build(config)
        assert plugin.renders is not None
        assert plugin.renders.reused == 0


def test_templates_are_compiled_once_and_again_when_edited(tmp_path: Path) -> None:
    """The theme's compiled templates outlive a build; an edited override is compiled again."""
    source = tmp_path / "src"
    shutil.copytree(MINI, source)
    project = project_with_page(tmp_path, "extra.md", "# Extra\n")
    plugin = _serving(source)

    def serve_build(site: str) -> str:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / site))
        plugins = PluginCollection()
        for name, each in config.plugins.items():
            plugins[name] = plugin if name == "handbook" else each
        config.plugins = plugins
        build(config)
        return (tmp_path / site / "extra" / "index.html").read_text(encoding="utf-8")

    serve_build("first")
    assert plugin.templates is not None
    compiled = dict(plugin.templates.compiled)
    assert len(compiled) > 10  # Material's base, partials and our override
    template = project / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block extrahead %}", "{% block extrahead %}<!--EDITED-->"))
    page = serve_build("second")
    assert "<!--EDITED-->" in page
    unchanged = [key for key, code in compiled.items() if plugin.templates.compiled[key] == code]
    assert len(unchanged) == len(compiled) - 1  # only the edited template compiled again
