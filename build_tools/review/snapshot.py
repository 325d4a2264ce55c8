"""A closed cycle's full source set as one compact, diff-friendly YAML file, and back.

``dump`` writes every chapter, clause, example and glossary term (one mapping each,
keys sorted, long text as block scalars); ``read`` rebuilds the validated model
from it with the ordinary loader and validator, so a hand-edited snapshot is
reported as ``FILE:LINE:COL: error:`` like any source file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from build_tools.source.files import MAX_FILE_BYTES
from build_tools.source.loader import (
    Mark,
    NodePath,
    SourceFile,
    SourceTree,
    load_file,
    parse_text,
)
from build_tools.source.model import Handbook, Location
from build_tools.source.problems import Problem
from build_tools.source.validate import validate

ORDERED = frozenset({"audiences", "editions"})
SECTIONS = ("cycle", "handbook", "chapters", "examples", "glossary")
HEADER = (
    "# Snapshot of review cycle {cycle}, written by `handbook cycle close`.\n"
    "# The changelog is computed from these files: never edit one by hand.\n"
)


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value or len(value) > 60 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    short = all(isinstance(v, str) and "\n" not in v for v in value)
    flow = short and sum(len(v) + 2 for v in value) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def dump(handbook: Handbook, cycle_id: str) -> str:
    """The snapshot text for ``handbook`` (unfiltered: every edition's items)."""
    data = {
        "cycle": cycle_id,
        "handbook": _plain(handbook.meta),
        "chapters": [_plain(ch) for ch in handbook.chapters],
        "examples": [_plain(ex) for ex in handbook.examples],
        "glossary": [_plain(t) for t in handbook.glossary],
    }
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    return HEADER.format(cycle=cycle_id) + body


def _plain(model: Any) -> Any:
    data = model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return _sorted(data)


def _sorted(value: Any, *, keep_order: bool = False) -> Any:
    """Model fields sorted; data mappings (audiences, editions) keep the author's order."""
    if isinstance(value, dict):
        keys = list(value) if keep_order else sorted(value, key=_key_order)
        return {k: _sorted(value[k], keep_order=k in ORDERED) for k in keys}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def _key_order(key: str) -> tuple[int, str]:
    """``id`` first (so every mapping starts with its name), ``clauses`` last, others sorted."""
    return (0 if key in ("id", "term") else 2 if key == "clauses" else 1, key)


def read(path: Path, display: str, cycle_id: str) -> tuple[Handbook | None, list[Problem]]:
    """The handbook frozen in the snapshot at ``path``, or the problems found in it."""
    source, problems = load_file(path, display)
    if source is None:
        return None, problems
    tree, problems = _tree(source, cycle_id)
    if problems:
        return None, problems
    return validate(tree)


def problems_in(text: str, display: str, cycle_id: str) -> list[Problem]:
    """What reading ``text`` back as the snapshot of ``cycle_id`` would report: the limits and
    checks of :func:`read`, applied before the snapshot is written."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        message = (
            f"the snapshot would be {size / 1024 / 1024:.1f} MiB, over the "
            f"{MAX_FILE_BYTES // 1024} KiB that every source file may hold; nothing was written"
        )
        return [Problem(Location(display), message)]
    source, problems = parse_text(text, display)
    if source is None:
        return problems
    tree, problems = _tree(source, cycle_id)
    return problems or validate(tree)[1]


def _tree(source: SourceFile, cycle_id: str) -> tuple[SourceTree, list[Problem]]:
    data = source.data
    tree = SourceTree(Path(source.path))
    if not isinstance(data, dict):
        return tree, [Problem(source.locate(()), "a snapshot must be a mapping of sections")]
    problems: list[Problem] = []
    for key in data:
        if key not in SECTIONS:
            message = f"unknown section '{key}' in a snapshot; expected: {', '.join(SECTIONS)}"
            problems.append(Problem(source.locate((key,), key=True), message))
    for key in ("cycle", "handbook", "chapters"):
        if key not in data:
            problems.append(Problem(source.locate(()), f"missing required section '{key}'"))
    if "cycle" in data and data["cycle"] != cycle_id:
        message = f"snapshot says cycle '{data['cycle']}' but its file name says '{cycle_id}'"
        problems.append(Problem(source.locate(("cycle",)), message))
    for key in ("chapters", "examples", "glossary"):
        if key in data and not isinstance(data[key], list):
            problems.append(Problem(source.locate((key,)), f"section '{key}' must be a list"))
    if problems:
        return tree, problems
    tree.handbook = _part(source, ("handbook",))
    tree.chapters = [_part(source, ("chapters", i)) for i in range(len(data["chapters"]))]
    tree.examples = [_part(source, ("examples", i)) for i in range(len(data.get("examples", [])))]
    if "glossary" in data:
        tree.glossary = _part(source, ("glossary",))
    return tree, []


def _part(source: SourceFile, prefix: NodePath) -> SourceFile:
    """The sub-tree at ``prefix`` as a file of its own that still points into ``source``."""
    size = len(prefix)

    def below(marks: dict[NodePath, Mark]) -> dict[NodePath, Mark]:
        return {path[size:]: where for path, where in marks.items() if path[:size] == prefix}

    return SourceFile(
        source.path,
        source.data_at(prefix),
        values=below(source.values),
        keys=below(source.keys),
        literal={path[size:]: v for path, v in source.literal.items() if path[:size] == prefix},
    )
