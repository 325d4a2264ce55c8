"""Read YAML source files into plain values, keeping where every node stood.

The loader is lenient about the schema (that is the validator's job) and strict
about the file: size, encoding, YAML syntax, duplicate keys, aliases and nesting.
It never raises for bad input; it returns problems.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.source import reuse
from build_tools.source.files import read_source
from build_tools.source.model import Location
from build_tools.source.problems import Problem
from build_tools.source.yamlwords import explain

MAX_DEPTH = 32

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NodePath = tuple[str | int, ...]
Mark = tuple[int, int]  # (line, column), counted from 1; a Location is made only when needed
_STR_TAG = "tag:yaml.org,2002:str"
#: The scalar types a source file may hold: a value given another type by an explicit tag
#: (``!!binary`` base64, say) would reach the outputs unseen by whoever reviews the diff.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_EXOTIC_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


@dataclass
class SourceFile:
    """One source file's values, with the location of every value and mapping key."""

    path: str
    data: Any
    values: dict[NodePath, Mark] = field(default_factory=dict)
    keys: dict[NodePath, Mark] = field(default_factory=dict)
    literal: dict[NodePath, bool] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list, repr=False)  # as editors count them

    def locate(self, path: NodePath, *, key: bool = False) -> Location:
        """Location of the node at ``path``, or of its nearest ancestor that exists."""
        marks = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = marks.get(path[:end]) or self.values.get(path[:end])
            if found is not None:
                return Location(self.path, *found)
        return Location(self.path)

    def locate_in_text(self, path: NodePath, offset: int) -> Location:
        """Location of character ``offset`` inside the string at ``path``."""
        start = self.locate(path)
        value = self.data_at(path)
        if not self.literal.get(path) or not isinstance(value, str):
            return start
        before = value[:offset]
        line = start.line + before.count("\n")
        column = len(before) - (before.rfind("\n") + 1) + start.column
        return Location(start.file, line, column)

    def data_at(self, path: NodePath) -> Any:
        value = self.data
        for part in path:
            value = value[part]
        return value


class _Walker:
    """Turns a composed YAML node tree into plain values and location maps."""

    def __init__(self, source: SourceFile, loader: Any, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()
        self.quotes = [line.removesuffix("\r") for line in text.split("\n")]  # as editors count
        # YAML also breaks lines at a lone \r, U+0085, U+2028 and U+2029; where the file has
        # any, its lines are counted from the character index, as an editor counts them.
        self.line_starts = (
            [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
            if _EXOTIC_BREAK.search(text)
            else None
        )
        self.loader = loader
        self.seen: set[int] = set()
        self.problems: list[Problem] = []

    def where(self, node: yaml.Node) -> Location:
        return Location(self.source.path, *self.place(node.start_mark))

    def place(self, mark: yaml.Mark) -> Mark:
        if self.line_starts is None:
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self.line_starts, mark.index)
        return line, mark.index - self.line_starts[line - 1] + 1

    def walk(self, node: yaml.Node, path: NodePath) -> Any:
        if id(node) in self.seen:
            self.fail(
                node,
                "this value is reused through a YAML alias (&name / *name); aliases are "
                "not allowed, write the value out in full",
            )
            return None
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        mark = node.start_mark
        where = self.place(mark)
        if self.line_starts is not None:
            pass  # offsets inside text are not mapped where lines break unusually
        elif isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            # A block scalar's text starts on the line after its indicator.
            where = (mark.line + 2, self.block_indent(mark.line + 1) + 1)
            self.source.literal[path] = node.style == "|"
        elif isinstance(node, yaml.ScalarNode) and not node.style:
            # A plain scalar on one line: its characters stand in the file as they are.
            self.source.literal[path] = node.end_mark.line == mark.line
        self.source.values[path] = where
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value  # the common case, without the constructor's dispatch
        if node.tag not in _SCALAR_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, f"the YAML tag {tag} is not allowed; write the value as plain text")
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as err:
            self.fail(node, f"cannot read this value: {_yaml_problem(err)}")
            return None

    def mapping(self, node: yaml.MappingNode, path: NodePath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)
            if key == "<<":
                self.fail(key_node, "YAML merge keys (<<) are not allowed; write the keys out")
                continue
            if key in result:
                first_line = self.source.keys[(*path, key)][0]
                self.fail(
                    key_node,
                    f"duplicate key '{key}': this entry already has it at line {first_line}; "
                    "keep one",
                )
                continue
            self.source.keys[(*path, key)] = self.place(key_node.start_mark)
            result[key] = self.walk(value_node, (*path, key))
        return result

    def block_indent(self, indicator_line: int) -> int:
        """Indentation of the first non-blank line after a block scalar's indicator."""
        for line in self.lines[indicator_line:]:
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return 0

    def fail(self, node: yaml.Node, message: str) -> None:
        where = self.where(node)
        quote = self.quotes[where.line - 1] if where.line <= len(self.quotes) else None
        self.problems.append(Problem(where, message, quote=quote))


def _yaml_problem(err: yaml.YAMLError) -> str:
    if isinstance(err, yaml.MarkedYAMLError):
        parts = [p for p in (err.context, err.problem) if p]
        return "; ".join(parts) or "invalid YAML"
    return str(err).splitlines()[0] if str(err) else "invalid YAML"


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def load_file(
    path: Path, display: str, *, within: Path | None = None
) -> tuple[SourceFile | None, list[Problem]]:
    """Read one YAML file, judged before it is read (see :func:`read_source`). Returns the
    file, or None with the problems found."""
    raw, problem = read_source(path, within or path.parent)
    if raw is None:
        return None, [Problem(Location(display), problem or "cannot read file")]
    cache = reuse.active()
    if cache is not None:
        found = cache.get(display, raw)
        if found is None:
            found = _load_bytes(raw, display)
            cache.put(display, raw, found)
        return found[0], list(found[1])
    return _load_bytes(raw, display)


def _load_bytes(raw: bytes, display: str) -> tuple[SourceFile | None, list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, column = _position(raw[: err.start].decode("utf-8", "replace"), err.start)
        message = f"file is not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8"
        return None, [Problem(Location(display, line, column), message)]
    return parse_text(text, display)


def parse_text(text: str, display: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse YAML text into a :class:`SourceFile`."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        fault = explain(err, text)
        # From the character index, as _position counts lines: YAML also breaks lines at
        # \r and U+2028, and marks the end of a file without a final newline one line past it.
        line, column = _position(text, fault.index)
        quote = text.split("\n")[line - 1].removesuffix("\r")
        where = Location(display, line, column)
        return None, [Problem(where, f"invalid YAML: {fault.message}", quote=quote)]
    except yaml.YAMLError as err:
        index = getattr(err, "position", 0)
        line, column = _position(text, index)
        message = f"invalid YAML: {_yaml_problem(err)}"  # first line: no "in <unicode string>"
        return None, [Problem(Location(display, line, column), message)]
    if node is None:
        return None, [Problem(Location(display), "file is empty")]
    source = SourceFile(display, None)
    walker = _Walker(source, loader, text)
    source.data = walker.walk(node, ())
    source.lines = walker.quotes  # to quote the line of a problem found later (quoting.py)
    loader.dispose()
    if walker.problems:
        return None, walker.problems
    return source, []


@dataclass
class SourceTree:
    """Every source file of a handbook, loaded but not yet validated."""

    root: Path
    handbook: SourceFile | None = None
    chapters: list[SourceFile] = field(default_factory=list)
    examples: list[SourceFile] = field(default_factory=list)
    glossary: SourceFile | None = None
    unreadable: int = 0  # files that could not be read or parsed at all


def display_path(path: Path) -> str:
    """The path as an editor wants it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))  # a link keeps its own name, never its target's
    try:
        return str(absolute.relative_to(Path(os.path.abspath(Path.cwd()))))
    except ValueError:
        return str(path)


def load_tree(root: Path) -> tuple[SourceTree, list[Problem]]:
    """Load ``handbook.yml``, ``chapters/*.yml``, ``examples/*.yml`` and ``glossary.yml``."""
    tree = SourceTree(root)
    problems: list[Problem] = []

    def read(path: Path) -> SourceFile | None:
        source, found = load_file(path, display_path(path), within=root)
        problems.extend(found)
        tree.unreadable += source is None
        return source

    handbook = root / "handbook.yml"
    if not root.is_dir():
        problems.append(Problem(Location(display_path(root)), "source folder not found"))
        return tree, problems
    if handbook.exists() or handbook.is_symlink():
        tree.handbook = read(handbook)
    else:
        problems.append(Problem(Location(display_path(handbook)), "file is missing"))
    chapter_files = sorted((root / "chapters").glob("*.yml"))
    if not chapter_files:
        where = Location(display_path(root / "chapters"))
        problems.append(Problem(where, "no chapter files (chapters/*.yml) found"))
    tree.chapters = [s for s in map(read, chapter_files) if s]
    tree.examples = [s for s in map(read, sorted((root / "examples").glob("*.yml"))) if s]
    glossary = root / "glossary.yml"
    if glossary.exists() or glossary.is_symlink():
        tree.glossary = read(glossary)
    return tree, problems
