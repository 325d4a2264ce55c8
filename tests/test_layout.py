"""The map of the code in the README names every package of build_tools, and nothing else."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_every_package_is_on_the_map() -> None:
    packages = sorted(p.parent.name for p in (ROOT / "build_tools").glob("*/__init__.py"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### How the code is laid out", 1)[1].split("\n## ", 1)[0]
    mapped = sorted(set(re.findall(r"\| `build_tools/([a-z_]+)/` \|", section)))
    assert mapped == packages


def test_every_package_says_its_job_and_what_it_may_import() -> None:
    for init in sorted((ROOT / "build_tools").glob("*/__init__.py")):
        doc = init.read_text(encoding="utf-8")
        assert doc.startswith('"""') and "import" in doc.lower(), init


def test_a_long_module_says_why_at_its_top() -> None:
    long = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "build_tools").rglob("*.py"))
        if len(path.read_text(encoding="utf-8").splitlines()) > 300
        and not path.read_text(encoding="utf-8").startswith("# Over 300 lines: ")
    ]
    assert long == []
