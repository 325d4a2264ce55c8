"""HR's verbs: onboarding packs, and the acknowledgement register (ack record, import,
verify, status). Personal data is read from and written to places outside the repository
only (:mod:`build_tools.people.places`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import click

from build_tools.cli.common import EDITION, PAPER, SOURCE
from build_tools.people import places
from build_tools.people.codes import normalise
from build_tools.people.register import Register
from build_tools.people.returns import Returned, check_returns, read_returns
from build_tools.people.roster import Person, read_roster
from build_tools.source.errors import HandbookError
from build_tools.source.model import Location
from build_tools.source.problems import SourceError, one_line
from build_tools.util.files import folder_key

REGISTER = click.option(
    "--register",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="HANDBOOK_REGISTER",
    required=True,
    help="The acknowledgement register (an SQLite file), kept where HR keeps personal "
    "records, never in the repository. Default: $HANDBOOK_REGISTER.",
)
ROSTER = click.option(
    "--roster",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    required=True,
    help="CSV (UTF-8) with columns employee_id, full_name, email, audience, start_date "
    "(YYYY-MM-DD) and manager.",
)
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else dt.date.today()


def _register(path: Path, source: Path) -> Register:
    places.refuse_inside(path, "the register", "--register", places.protected(source))
    register = Register(path)
    if register.exposed:
        click.echo(
            f"{path}: warning: other users may read the register; make it yours only "
            f"(chmod 600 {path})",
            err=True,
        )
    return register


def _roster(path: Path, source: Path, audiences: dict[str, str]) -> tuple[Person, ...]:
    found = places.inside(path, places.protected(source))
    if found is not None:
        click.echo(f"{path}: warning: a roster inside {found[1]}: move it out", err=True)
    return read_roster(path, audiences)


@click.command("onboarding")
@ROSTER
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the packs (pack-EMPLOYEE.pdf each, and print-run.pdf with all of "
    "them), outside the repository; an earlier output folder is replaced.",
)
@REGISTER
@SOURCE
@EDITION
@PAPER
@click.option("--issued", type=DATE, default=None, help="Date of issue (default: today).")
@click.option(
    "--replace",
    is_flag=True,
    help="Replace an --out folder that holds packs of people not on this roster.",
)
def onboarding(
    roster: Path,
    out: Path,
    register: Path,
    source: Path,
    edition: str,
    paper: Literal["a4", "letter"],
    issued: object,
    replace: bool,
) -> None:
    """Write a personal onboarding pack for everyone on the roster, from the approved text
    for their audience, and record the packs in the register."""
    from build_tools.publish.onboarding import PRINT_RUN, issue_packs
    from build_tools.publish.pipeline import load_edition

    protected = places.protected(source)
    places.refuse_inside(out, "the packs' folder", "--out", protected)
    places.refuse_inside(register, "the register", "--register", protected)
    loaded = load_edition(source, edition)
    people = _roster(roster, source, loaded.handbook.meta.audiences)
    packs = issue_packs(
        loaded,
        people,
        out=out,
        register=register,
        issued=_day(issued),
        paper=paper,
        cache_name=f"pack-{edition}-{folder_key(source)}",
        replace=replace,
    )
    click.echo(
        f"Wrote {len(packs)} onboarding pack(s) to {out}/ (and {PRINT_RUN} for the print "
        f"shop); recorded them in {register}"
    )


@click.group()
def ack() -> None:
    """The acknowledgement register: record signed pages, verify codes, see who is due."""


@ack.command("record")
@click.argument("code")
@click.option("--date", "signed", type=DATE, required=True, help="Date on the signed page.")
@REGISTER
@SOURCE
def ack_record(code: str, signed: object, register: Path, source: Path) -> None:
    """Record one signed acknowledgement page by its verification code."""
    page = Returned(code, _day(signed), Location("-"))
    try:
        _record(register, source, [page], "paper")
    except SourceError as err:  # one code given: no file and line to point at
        raise HandbookError(err.problems[0].message) from None


@ack.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@REGISTER
@SOURCE
def ack_import(file: Path, register: Path, source: Path) -> None:
    """Record every signed acknowledgement in a CSV export (columns: code, date); all or none."""
    _record(register, source, read_returns(file), f"import {file.name}")


def _record(register: Path, source: Path, pages: list[Returned], how: str) -> None:
    with _register(register, source) as kept, kept.transaction():  # checked and kept at once
        new, again, problems = check_returns(kept, pages, dt.date.today(), how)
        if problems:
            raise SourceError(problems)
        kept.record(new)
    for code in again:
        click.echo(f"{code}: already recorded with this date; left as it was")
    click.echo(f"Recorded {len(new)} acknowledgement(s) in {register}")


@ack.command("verify")
@click.argument("code")
@REGISTER
@SOURCE
def ack_verify(code: str, register: Path, source: Path) -> None:
    """Say whose a verification code is and which text it covers."""
    from build_tools.publish.onboarding import text_check

    found = normalise(code)
    if found is None:
        raise HandbookError(f"{code!r} is not a valid code: a character is mistyped (check it)")
    with _register(register, source) as kept:
        pack, signed = kept.pack(found), kept.acknowledgement(found)
    if pack is None:
        raise HandbookError(f"no pack was issued with code {found}")
    lines = [
        f"{found}: {pack.full_name} (employee {pack.employee_id}), {pack.role}",
        f"Text: {pack.reference}, {pack.edition} edition, review cycle {pack.cycle}",
        f"Fingerprint: {pack.fingerprint} ({text_check(source, pack)})",
        f"Issued {pack.issued.isoformat()}, return by {pack.return_by.isoformat()}",
        "Not yet acknowledged."
        if signed is None
        else f"Acknowledged: signed {signed.signed.isoformat()} (recorded {signed.how})",
    ]
    for line in lines:  # what the register holds is shown, never run by the terminal
        click.echo(one_line(line))


@ack.command("status")
@ROSTER
@REGISTER
@SOURCE
@click.option("--today", type=DATE, default=None, help="Date to judge lateness by.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def ack_status(roster: Path, register: Path, source: Path, today: object, fmt: str) -> None:
    """Who on the roster has acknowledged, who is outstanding or overdue, and who must
    re-acknowledge after a material change for their role."""
    from build_tools.cli.common import checked_with_history
    from build_tools.people.report import render
    from build_tools.people.status import statuses

    handbook, past = checked_with_history(source)
    people = _roster(roster, source, handbook.meta.audiences)
    with _register(register, source) as kept:
        found = statuses(people, kept.packs(), kept.acknowledgements(), past, _day(today))
    click.echo(render(found, fmt), nl=False)
