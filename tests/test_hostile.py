"""Hostile input, property-based: mutated copies of a valid handbook never crash a verb.

Each example mutates the small fixture handbook (tests/fixtures/mini): keys deleted, types
swapped, random unicode and control characters inserted, files truncated (mid-character
too), ids duplicated, values nested deeper than the loader allows, lines repeated. Then
``handbook check`` must not raise, must exit 0 or 1, and every problem it reports must
point at a line inside the file it names; ``handbook build`` must exit 0 or 1 and leave the
previous output untouched when it fails.

Most examples run the check in-process (fast); fewer go through the real command line.
Examples are derived from the test's name (``derandomize``) with no database, so every run
tries the same inputs.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_tools.editor.lint import lint
from build_tools.publish.output import MARKER
from build_tools.publish.pipeline import check_sources
from build_tools.source.loader import MAX_DEPTH, load_tree
from build_tools.source.problems import Problem
from tests.conftest import MINI, ROOT, handbook

Sources = dict[str, bytes]
ORIGINAL: Sources = {
    p.relative_to(MINI).as_posix(): p.read_bytes() for p in sorted(MINI.rglob("*.yml"))
}
CYCLES_PROJECT = ROOT / "tests" / "fixtures" / "cycles"  # mkdocs.yml + docs/, no PDF

FAST = settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=20)
BUILDS = settings(FAST, max_examples=8)

# Text that editors and attackers might put in a file: any code point but surrogates,
# control characters, byte-order marks, direction overrides and NULs included.
hostile_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from(
            [
                "\x00",
                "\t",
                "\r",
                "\x1b",
                "\ufeff",
                "\u202e",
                "\u2028",
                ": ",
                "- ",
                "[[",
                "]]",
                "&a *a",
            ]
        ),
    ),
    max_size=20,
).map("".join)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text
)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every node path in a YAML value, the root included."""
    yield here
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*here, index))


def _nest(value: Any, depth: int) -> Any:
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


def _ids(sources: Sources) -> list[str]:
    """The ids in the fixture's files, to plant as duplicates."""
    data = [yaml.safe_load(text) for text in sources.values()]
    found = [d.get("id") for d in data if isinstance(d, dict)]
    found += [c["id"] for d in data if isinstance(d, dict) for c in d.get("clauses", [])]
    return sorted(i for i in found if isinstance(i, str))


IDS = _ids(ORIGINAL)


@st.composite
def tree_mutation(draw: st.DrawFn, sources: Sources) -> Sources:
    """Parse one file, change one node, write it back as YAML."""
    name = draw(st.sampled_from(sorted(sources)))
    try:
        data = yaml.safe_load(sources[name])
    except (yaml.YAMLError, UnicodeDecodeError):
        return sources  # an earlier mutation broke the file: nothing to walk
    paths = list(_paths(data))
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["delete", "swap", "text", "duplicate", "nest", "steal-id"]))
    new = copy.deepcopy(data)
    parent = new
    for part in path[:-1]:
        parent = parent[part]
    old = parent[path[-1]] if path else new

    def put(value: Any) -> None:
        nonlocal new
        if path:
            parent[path[-1]] = value
        else:
            new = value

    if kind == "delete" and path:
        del parent[path[-1]]
    elif kind == "swap":
        put(
            draw(
                st.one_of(
                    scalars,
                    st.lists(scalars, max_size=3),
                    st.dictionaries(hostile_text, scalars, max_size=3),
                )
            )
        )
    elif kind == "text":
        put(draw(hostile_text))
    elif kind == "duplicate" and path and isinstance(parent, list):
        parent.insert(path[-1], copy.deepcopy(old))
    elif kind == "nest":
        put(_nest(old, draw(st.integers(MAX_DEPTH - 2, MAX_DEPTH + 8))))
    elif kind == "steal-id" and isinstance(old, dict):
        old["id"] = draw(st.sampled_from(IDS))
    text = yaml.safe_dump(new, allow_unicode=True, sort_keys=False, width=1000)
    return {**sources, name: text.encode("utf-8")}


@st.composite
def text_mutation(draw: st.DrawFn, sources: Sources) -> Sources:
    """Change the bytes of one file: truncate, insert, repeat lines, or drop the file."""
    name = draw(st.sampled_from(sorted(sources)))
    data = sources[name]
    kind = draw(st.sampled_from(["truncate", "insert", "repeat-lines", "remove", "bad-bytes"]))
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        changed = data[:at]
    elif kind == "insert":
        changed = data[:at] + draw(hostile_text).encode("utf-8") + data[at:]
    elif kind == "repeat-lines":
        lines = data.splitlines(keepends=True)
        start = draw(st.integers(0, max(len(lines) - 1, 0)))
        end = draw(st.integers(start, len(lines)))
        changed = b"".join(lines[:end] + lines[start:end] + lines[end:])
    elif kind == "bad-bytes":
        changed = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    else:
        return {k: v for k, v in sources.items() if k != name}
    return {**sources, name: changed}


def mutated() -> st.SearchStrategy[Sources]:
    """One to three mutations of the fixture handbook, of either kind."""

    def step(sources: Sources) -> st.SearchStrategy[Sources]:
        return st.one_of(tree_mutation(sources), text_mutation(sources))

    return step(ORIGINAL).flatmap(
        lambda once: st.one_of(
            st.just(once), step(once).flatmap(lambda twice: st.one_of(st.just(twice), step(twice)))
        )
    )


@contextmanager
def written(sources: Sources) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "src"
        for name, data in sources.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        (root / "chapters").mkdir(parents=True, exist_ok=True)
        yield root


def _where_problems_point(problems: list[Problem], root: Path) -> list[str]:
    """Problems whose line lies outside the file they name, or whose file is elsewhere."""
    wrong = []
    for problem in problems:
        where = problem.location
        file = Path(where.file)
        if not file.is_absolute():
            file = Path.cwd() / file
        inside = file.resolve() == root.resolve() or root.resolve() in file.resolve().parents
        if file.is_file():
            lines = file.read_bytes().count(b"\n") + 1
            ok = 1 <= where.line <= lines and where.column >= 1
        else:
            ok = where.line == 1
        if not (ok and inside):
            wrong.append(str(problem))
    return wrong


def _check_in_process(root: Path) -> list[Problem]:
    found, problems = check_sources(root)
    if found is not None:
        problems = lint(found, load_tree(root)[0])
    return problems


@FAST
@given(mutated())
def test_check_in_process_never_raises_and_points_inside_the_file(sources: Sources) -> None:
    with written(sources) as root:
        problems = _check_in_process(root)
        assert _where_problems_point(problems, root) == []
        assert all(len(str(p).splitlines()) == 1 for p in problems), "one problem, one line"


@pytest.mark.e2e
@SLOW
@given(mutated())
def test_check_command_exits_0_or_1_without_a_traceback(sources: Sources) -> None:
    with written(sources) as root:
        run = handbook("check", "--source", root)
        assert run.code in (0, 1), run.err
        assert "Traceback" not in run.err
        problems = _check_in_process(root)
        assert (run.code == 1) == any(p.severity == "error" for p in problems)
        for problem in problems:
            assert str(problem) in run.err


@pytest.mark.e2e
@BUILDS
@given(mutated())
@example(ORIGINAL)  # the success path too: a good build replaces the old site
def test_build_exits_0_or_1_and_a_failure_keeps_the_old_site(sources: Sources) -> None:
    with written(sources) as root:
        project = root.parent / "project"
        shutil.copytree(CYCLES_PROJECT / "docs", project / "docs")
        shutil.copy(CYCLES_PROJECT / "mkdocs.yml", project / "mkdocs.yml")
        out = root.parent / "site"
        out.mkdir()
        (out / "previous.html").write_text("the last good build")
        (out / MARKER).write_text("written by an earlier build")
        run = handbook("build", "--config", project / "mkdocs.yml", "--source", root, "--out", out)
        assert run.code in (0, 1), run.err
        assert "Traceback" not in run.err
        assert run.code == 0 or sources != ORIGINAL, run.err
        if run.code == 1:
            assert sorted(p.name for p in out.iterdir()) == [MARKER, "previous.html"]
        else:
            assert (out / "index.html").is_file() and not (out / "previous.html").exists()


def test_the_unmutated_fixture_is_valid() -> None:
    """The properties above start from a handbook that passes, so mutations are the cause."""
    with written(ORIGINAL) as root:
        found, problems = check_sources(root)
        assert found is not None and problems == []
