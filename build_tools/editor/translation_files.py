"""A translator's file: one language's items as XLIFF 2.0 or CSV, written and read back.

Each item (a clause, an example, a chapter's title and intro, a glossary term, the handbook's
title and intro, a quick answer) is one XLIFF ``<unit>`` (its key in ``name``), each of its
fields one ``<segment>`` (the field in ``id``) with the current English ``<source>`` and the
current translation as ``<target>``; the fingerprint of the English words is kept as unit
metadata. The CSV has one row per field: key, field, old source (the English the present
translation was made from, when an approved snapshot or the working copy still has it), current
source, current translation and fingerprint.

Reading is as careful as reading a source file: no DTD or entity is accepted, and every problem
is reported at its FILE:LINE:COL.
"""

from __future__ import annotations

import csv
import io
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from build_tools.editor.csv_cells import csv_cell, from_csv_cell
from build_tools.source.model import Location
from build_tools.source.problems import Problem
from build_tools.source.translation import FINGERPRINT_PATTERN, State

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
METADATA = "urn:oasis:names:tc:xliff:metadata:2.0"
CSV_COLUMNS = (
    "key",
    "field",
    "old source",
    "current source",
    "current translation",
    "fingerprint",
)
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Segment:
    field: str
    source: str
    target: str  # "" when not translated
    old_source: str = ""  # the English the present translation was made from, when known
    #: XLIFF's segment state as read: ``initial`` for a stale or missing translation when
    #: exported; a translator who confirms it sets ``translated``, ``reviewed`` or ``final``.
    confirmed: bool = False


@dataclass(frozen=True)
class Unit:
    """One item in a translator's file."""

    key: str
    fingerprint: str  # of the English words in the file
    segments: tuple[Segment, ...]
    state: State = State.MISSING
    translated_from: str = ""  # the fingerprint the present translation records
    location: Location = field(default_factory=lambda: Location("-"), compare=False)


# Writing


def to_xliff(units: list[Unit], language: str, source_language: str = "en") -> bytes:
    ET.register_namespace("", XLIFF)
    ET.register_namespace("mda", METADATA)
    root = ET.Element(
        f"{{{XLIFF}}}xliff", {"version": "2.0", "srcLang": source_language, "trgLang": language}
    )
    file = ET.SubElement(root, f"{{{XLIFF}}}file", {"id": "handbook", "original": "policy_src"})
    for number, unit in enumerate(units, start=1):
        element = ET.SubElement(file, f"{{{XLIFF}}}unit", {"id": f"u{number}", "name": unit.key})
        meta = ET.SubElement(
            ET.SubElement(element, f"{{{METADATA}}}metadata"),
            f"{{{METADATA}}}metaGroup",
            {"category": "handbook"},
        )
        for kind, value in (
            ("fingerprint", unit.fingerprint),
            ("state", str(unit.state)),
            ("translated-from", unit.translated_from),
        ):
            if value:
                ET.SubElement(meta, f"{{{METADATA}}}meta", {"type": kind}).text = value
        olds = [s for s in unit.segments if s.old_source and s.old_source != s.source]
        if olds:
            notes = ET.SubElement(element, f"{{{XLIFF}}}notes")
            for segment in olds:
                note = ET.SubElement(
                    notes, f"{{{XLIFF}}}note", {"category": f"old-source:{segment.field}"}
                )
                note.text = segment.old_source
        for segment in unit.segments:
            fresh = unit.state is State.TRANSLATED and segment.target
            attributes = {"id": segment.field, "state": "translated" if fresh else "initial"}
            node = ET.SubElement(element, f"{{{XLIFF}}}segment", attributes)
            source = ET.SubElement(node, f"{{{XLIFF}}}source")
            source.text = segment.source
            if segment.target:
                ET.SubElement(node, f"{{{XLIFF}}}target").text = segment.target
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def to_csv(units: list[Unit]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for unit in units:
        for segment in unit.segments:
            cells = (
                unit.key,
                segment.field,
                segment.old_source,
                segment.source,
                segment.target,
                unit.fingerprint,
            )
            writer.writerow([csv_cell(cell) for cell in cells])
    return out.getvalue().encode("utf-8")


# Reading


class FileProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def read_units(data: bytes, path: str) -> list[Unit]:
    """The units of a translator's file (XLIFF when it starts like XML, else CSV); raises
    :class:`FileProblems` with every problem at its place."""
    if len(data) > MAX_BYTES:
        raise FileProblems([Problem(Location(path), f"larger than {MAX_BYTES} bytes; refused")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FileProblems([Problem(Location(path), f"not UTF-8 text ({err.reason})")]) from None
    if text.lstrip().startswith("<"):
        return _XliffReader(path).read(data)
    return _read_csv(text, path)


def _fingerprint_problem(value: str, where: Location) -> list[Problem]:
    if re.fullmatch(FINGERPRINT_PATTERN, value):
        return []
    return [Problem(where, f"'{value[:60]}' is not a fingerprint such as 6e22-7e27-fdbf-73ba")]


def _read_csv(text: str, path: str) -> list[Unit]:
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    try:
        header = next(reader, None)
        if header is None or tuple(c.strip() for c in header) != CSV_COLUMNS:
            message = "the first row must name the columns: " + ", ".join(CSV_COLUMNS)
            raise FileProblems([Problem(Location(path, 1, 1), message)])
        units: dict[str, Unit] = {}
        line = reader.line_num + 1
        for row in reader:
            where = Location(path, line, 1)
            line = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(CSV_COLUMNS):
                problems.append(
                    Problem(where, f"expected {len(CSV_COLUMNS)} columns, found {len(row)}")
                )
                continue
            key, name, old, source, target, print_ = map(from_csv_cell, row)
            problems += _fingerprint_problem(print_, Location(path, where.line, 6))
            segment = Segment(name, source, target, old)
            unit = units.get(key)
            if unit is None:
                units[key] = Unit(key, print_, (segment,), location=where)
            elif unit.fingerprint != print_:
                problems.append(
                    Problem(
                        where, f"{key}: fingerprint {print_} differs from {unit.fingerprint} above"
                    )
                )
            else:
                units[key] = Unit(key, print_, (*unit.segments, segment), location=unit.location)
    except csv.Error as err:
        problems.append(Problem(Location(path, reader.line_num, 1), f"not a CSV file: {err}"))
    if problems:
        raise FileProblems(problems)
    return list(units.values())


@dataclass
class _Node:
    tag: str
    attributes: dict[str, str]
    location: Location
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def child(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)


class _XliffReader:
    """XLIFF read with expat, every element with its line and column; no DTD, no entities."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def read(self, data: bytes) -> list[Unit]:
        root = self._parse(data)
        if root.tag != f"{XLIFF} xliff" or root.attributes.get("version") != "2.0":
            raise FileProblems([Problem(root.location, "not an XLIFF 2.0 file")])
        units = []
        for file in (c for c in root.children if c.tag == f"{XLIFF} file"):
            for node in (c for c in file.children if c.tag == f"{XLIFF} unit"):
                unit = self._unit(node)
                if unit is not None:
                    units.append(unit)
        if self.problems:
            raise FileProblems(self.problems)
        return units

    def _parse(self, data: bytes) -> _Node:
        # The bytes were read as UTF-8 above: an encoding the file declares is not looked up
        # (an unknown one would raise LookupError, not an ExpatError).
        parser = xml.parsers.expat.ParserCreate(encoding="utf-8", namespace_separator=" ")
        stack: list[_Node] = []
        top: list[_Node] = []

        def where() -> Location:
            return Location(self.path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

        def refuse(*_: object) -> None:
            raise FileProblems([Problem(where(), "a DTD or entity declaration; refused")])

        def start(tag: str, attributes: dict[str, str]) -> None:
            node = _Node(tag, attributes, where())
            (stack[-1].children if stack else top).append(node)
            stack.append(node)

        def end(tag: str) -> None:
            stack.pop()

        def text(data: str) -> None:
            if stack:
                stack[-1].text.append(data)

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        try:
            parser.Parse(data, True)
        except xml.parsers.expat.ExpatError as err:
            at = Location(self.path, err.lineno, err.offset + 1)
            message = xml.parsers.expat.errors.messages.get(err.code, str(err))
            raise FileProblems([Problem(at, f"not well-formed XML: {message}")]) from None
        return top[0]

    def _unit(self, node: _Node) -> Unit | None:
        key = node.attributes.get("name", "")
        if not key:
            self.problems.append(Problem(node.location, "a <unit> without name= (the item key)"))
            return None
        meta: dict[str, str] = {}
        metadata = node.child(f"{METADATA} metadata")
        for group in metadata.children if metadata else []:
            for entry in group.children:
                meta[entry.attributes.get("type", "")] = "".join(entry.text).strip()
        fingerprint = meta.get("fingerprint", "")
        self.problems.extend(_fingerprint_problem(fingerprint, node.location))
        segments = []
        for segment in (c for c in node.children if c.tag == f"{XLIFF} segment"):
            source, target = segment.child(f"{XLIFF} source"), segment.child(f"{XLIFF} target")
            name = segment.attributes.get("id", "")
            if source is None or not name:
                message = "a <segment> needs id= (the field) and a <source>"
                self.problems.append(Problem(segment.location, message))
                continue
            if target is not None and target.children:
                message = "inline markup in a <target> is not supported: write plain text"
                self.problems.append(Problem(target.children[0].location, message))
            words = "".join(target.text) if target is not None else ""
            confirmed = segment.attributes.get("state") in ("translated", "reviewed", "final")
            segments.append(Segment(name, "".join(source.text), words, confirmed=confirmed))
        return Unit(key, fingerprint, tuple(segments), location=node.location)
