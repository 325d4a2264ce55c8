"""Onboarding packs: one PDF per person on the roster, made from the approved text for their
audience, one print-shop file with every pack, and each pack recorded in the register.

Each audience's handbook is laid out once (through the layout cache, which holds no personal
data); each person adds two small pages laid out for them and never cached (a cover, an
acknowledgement page). Nothing is written unless every pack was made: the packs replace the
output folder only at the end, and the register records them in the same step.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.people.codes import verification_code
from build_tools.people.register import Pack, Register
from build_tools.people.roster import Person
from build_tools.printbook.book import cached_handbook_pdf
from build_tools.printbook.html import Paper, date_from_epoch
from build_tools.printbook.pack import pack_pdf, personal_html, print_run
from build_tools.printbook.parallel import lay_out_each
from build_tools.printbook.parts import blank_page_html, split_book
from build_tools.printbook.pdf import HANDBOOK_OPTIONS
from build_tools.publish import leakcheck, output
from build_tools.publish.output import OutputRefused
from build_tools.publish.pipeline import load_versions, print_html
from build_tools.review.edition_build import EditionBuild
from build_tools.review.fingerprint import document_reference, fingerprint
from build_tools.source.errors import HandbookError, UsageError
from build_tools.source.model import Handbook
from build_tools.views.audiences import for_audience
from build_tools.views.editions import for_edition

#: The print shop's file in the output folder, beside one ``pack-EMPLOYEE.pdf`` per person.
PRINT_RUN = "print-run.pdf"


@dataclass(frozen=True)
class _Book:
    handbook: Handbook  # the audience's cut of the approved text
    html: str
    pdf: bytes
    fingerprint: str


def issue_packs(
    loaded: EditionBuild,
    roster: Sequence[Person],
    *,
    out: Path,
    register: Path,
    issued: dt.date,
    paper: Paper = "a4",
    cache_name: str,
    replace: bool = False,
) -> tuple[Pack, ...]:
    """Make every pack of ``roster`` into the folder ``out`` and record them in ``register``;
    all or nothing. Only approved text is given to sign. ``out`` may hold an earlier run's
    packs of the same people; packs of others are replaced only with ``replace``."""
    handbook = loaded.handbook
    if not handbook.approved:
        raise UsageError("packs are made from approved text only: no review cycle is closed yet")
    target = Path(os.path.abspath(out))
    output.refuse_folder(target)
    _refuse_other_packs(target, roster, replace)
    with Register(register, create=True) as kept:  # refused now, not after the layouts
        key = kept.key
    date = date_from_epoch(os.environ.get("SOURCE_DATE_EPOCH")) or handbook.effective
    found = leakcheck.markers(loaded.full, handbook.edition)
    books: dict[str, _Book] = {}
    packs = []
    for person in roster:
        if person.audience not in books:
            books[person.audience] = _book(loaded, person.audience, paper, cache_name, found)
        book = books[person.audience]
        packs.append(_pack(book.handbook, person, book.fingerprint, issued, key))
    documents = [
        personal_html(books[pack.audience].handbook, pack, page, paper=paper, date=date)
        for pack in packs
        for page in ("cover", "acknowledgement")
    ]
    blank_html = blank_page_html(split_book(books[packs[0].audience].html))
    *pages, blank = lay_out_each([*documents, blank_html], HANDBOOK_OPTIONS)
    files: dict[str, bytes] = {}
    for i, pack in enumerate(packs):
        name = pack_name(pack.employee_id)
        # The book was checked once for its audience: here only what the pack adds.
        for personal in pages[2 * i : 2 * i + 2]:
            leakcheck.refuse_pdf_leaks(name, personal, found, handbook.edition)
        files[name] = pack_pdf(pages[2 * i], books[pack.audience].pdf, pages[2 * i + 1], blank)
    files[PRINT_RUN] = print_run(list(files.values()), blank)

    def fill(folder: Path) -> None:
        for name, data in files.items():
            (folder / name).write_bytes(data)
            os.chmod(folder / name, 0o600)  # personal data: the owner's only
        with Register(register) as kept:
            kept.issue(packs)

    output.replace_folder(out, fill)
    return tuple(packs)


def pack_name(employee_id: str) -> str:
    return f"pack-{employee_id}.pdf"


def _refuse_other_packs(target: Path, roster: Sequence[Person], replace: bool) -> None:
    """An earlier batch's packs are not deleted without being asked to."""
    if replace or not target.is_dir():
        return
    ours = {pack_name(person.employee_id) for person in roster}
    others = sorted(p.name for p in target.glob("pack-*.pdf") if p.name not in ours)
    if others:
        listing = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
        message = (
            f"this folder holds {len(others)} pack(s) of people not on this roster "
            f"({listing}); choose a new folder for this batch, or add --replace to replace it"
        )
        raise OutputRefused(message, str(target), option="--out")


def text_check(source: Path, pack: Pack) -> str:
    """Whether ``pack``'s fingerprint is that of the text its cycle approved, as the
    repository holds it now (a snapshot edited after approval would not match)."""
    try:
        (approved,) = load_versions(source, pack.cycle)
        cut = for_audience(for_edition(approved, pack.edition), pack.audience)
    except HandbookError as err:
        return f"cannot be checked: {err.message}"
    if fingerprint(cut) == pack.fingerprint:
        return f"matches the text approved in review cycle {pack.cycle}"
    return f"does NOT match the text of review cycle {pack.cycle} in the repository now"


def _book(
    loaded: EditionBuild, audience: str, paper: Paper, cache_name: str, found: dict[str, str]
) -> _Book:
    cut = for_audience(loaded.handbook, audience)
    html = print_html(loaded, paper=paper, handbook=cut, acknowledgement=False)
    data, _ = cached_handbook_pdf(html, f"{cache_name}-{audience}-{paper}")
    leakcheck.refuse_pdf_leaks(f"{audience} handbook", data, found, cut.edition)
    return _Book(cut, html, data, fingerprint(cut))


def _pack(handbook: Handbook, person: Person, digest: str, issued: dt.date, key: bytes) -> Pack:
    cycle = handbook.latest_cycle
    assert cycle is not None  # approved text
    within = dt.timedelta(days=handbook.meta.acknowledge_within)
    return Pack(
        code=verification_code(key, person.employee_id, digest),
        employee_id=person.employee_id,
        full_name=person.full_name,
        email=person.email,
        audience=person.audience,
        role=handbook.meta.audiences[person.audience],
        manager=person.manager,
        edition=handbook.edition,
        cycle=cycle.id,
        effective=handbook.effective,
        fingerprint=digest,
        reference=document_reference(handbook, digest),
        issued=issued,
        return_by=max(person.start_date, issued) + within,  # never due before it is issued
    )
