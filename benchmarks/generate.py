"""Write a synthetic but valid handbook of any size, for benchmarks.

    python -m benchmarks.generate OUT_DIR --clauses 2000 [--chapters 40]

Realistic in shape: chapters with owners and intros; clauses with cross-references, see-also
lists, tags, rationales, bullet lists, audiences and glossary terms; worked examples; a glossary
with aliases; and internal items (every tenth clause, some examples, one term) that the public
edition leaves out, so the edition filter and the leak check do their full work. Public items
refer only to public ones (the validator's rule). Deterministic: the same arguments give the
same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

AUDIENCES = {"executives": "Executive team", "board": "Board members"}
LEVELS = ("must", "should", "may")
TAGS = ("privacy", "disclosure", "accounts", "branding", "escalation", "training", "media")
TERMS = (
    "closed period",
    "inside information",
    "holding statement",
    "paid partnership",
    "personal account",
    "professional account",
    "brand assets",
    "amplification",
    "conflict of interest",
    "fair disclosure",
    "escalation contact",
    "verified account",
)
INTERNAL_TERM = "incident bridge"
INTERNAL_EVERY = 10  # every tenth clause is internal
SENTENCE = (
    "Leaders {verb} check the facts before they post about topic {n}, and they keep the "
    "company's published position in mind when they reply to questions about it."
)


def clause_id(chapter: int, number: int) -> str:
    return f"BM-C{chapter:03d}-{number:04d}"


def generate(target: Path, clauses: int, chapters: int = 40) -> Path:
    """Write handbook.yml, chapters/, examples/ and glossary.yml under ``target``."""
    (target / "chapters").mkdir(parents=True, exist_ok=True)
    (target / "examples").mkdir(parents=True, exist_ok=True)
    per_chapter = [
        clauses // chapters + (1 if c < clauses % chapters else 0) for c in range(chapters)
    ]
    ids = [clause_id(c, n) for c, count in enumerate(per_chapter, 1) for n in range(1, count + 1)]
    public = [item for serial, item in enumerate(ids) if not _internal(serial)]
    _dump(target / "handbook.yml", _meta())
    _dump(target / "glossary.yml", [_term(i, t) for i, t in enumerate(TERMS)] + [_internal_term()])
    serial = 0
    for c, count in enumerate(per_chapter, 1):
        items = []
        for n in range(1, count + 1):
            items.append(_clause(public, serial, clause_id(c, n)))
            serial += 1
        chapter = {
            "id": f"chapter-{c:03d}",
            "title": f"Synthetic chapter {c}",
            "intro": f"Rules of synthetic chapter {c}, generated for the benchmarks. "
            "It covers what leaders post, where they post it and who they tell first.",
            "owner": f"Synthetic owner {c % 7 + 1}",
            "clauses": items,
        }
        _dump(target / "chapters" / f"{c:03d}.yml", chapter)
    for e in range(max(1, clauses // 10)):
        first, second = public[(e * 37) % len(public)], public[(e * 53 + 1) % len(public)]
        example: dict[str, object] = {
            "id": f"EX-BM-{e:04d}",
            "title": f"Synthetic scenario {e}",
            "illustrates": [first, second] if first != second else [first],
            "outcome": ("good", "poor", "mixed")[e % 3],
            "scenario": f"A leader posted about synthetic topic {e} late one evening. " * 4,
            "discussion": f"This follows [[{first}]]. The post was taken down within the hour. "
            * 2,
        }
        if e % 8 == 7:
            example["visibility"] = "internal"
        _dump(target / "examples" / f"ex-{e:04d}.yml", example)
    return target


def _meta() -> dict[str, object]:
    return {
        "title": "Synthetic Benchmark Handbook",
        "organisation": "Benchmark Ltd",
        "owner": "Head of Benchmarks",
        "approver": "Benchmark Committee",
        "effective": "2026-01-01",
        "published_at": "https://handbook.example/bench/",
        "audiences": AUDIENCES,
        "editions": {
            "public": {"title": "Staff edition", "visibility": ["public"]},
            "internal": {"title": "Internal edition", "visibility": ["public", "internal"]},
        },
    }


def _internal(serial: int) -> bool:
    return serial % INTERNAL_EVERY == INTERNAL_EVERY - 1


def _term(serial: int, term: str) -> dict[str, object]:
    entry: dict[str, object] = {
        "term": term,
        "definition": f"The meaning of '{term}' in this synthetic handbook.",
    }
    if len(term.split()) > 1:
        initials = "".join(word[0] for word in term.split()).upper()
        entry["aliases"] = [f"{initials}-BM{serial}"]  # each name one term's (handbook check)
    return entry


def _internal_term() -> dict[str, object]:
    return {
        "term": INTERNAL_TERM,
        "definition": "The internal call that the response team opens during a serious incident.",
        "visibility": "internal",
    }


def _clause(public: list[str], serial: int, item_id: str) -> dict[str, object]:
    level = LEVELS[serial % 3]
    verb = {"must": "must", "should": "should", "may": "may"}[level]
    other = public[(serial * 7 + 3) % len(public)]
    text = " ".join(SENTENCE.format(verb=verb, n=serial + k) for k in range(2))
    text += f" See [[{other}]] and the [[{TERMS[serial % len(TERMS)]}]] rule."
    if serial % 4 == 1:
        text += (
            f"\n\nBefore posting about topic {serial}:\n\n"
            "- check the company calendar;\n- read the latest statement;\n- ask the team.\n"
        )
    clause: dict[str, object] = {
        "id": item_id,
        "title": f"Synthetic rule {serial + 1}",
        "text": text,
        "level": level,
        "tags": [TAGS[serial % len(TAGS)], TAGS[(serial + 3) % len(TAGS)]],
    }
    if serial % 2 == 0:
        clause["rationale"] = "A reason for this rule, stated in one plain sentence."
    if serial % 3 == 0:
        clause["see_also"] = [public[(serial * 11 + 5) % len(public)]]
    if serial % 5 == 0:
        clause["applies_to"] = ["executives"]
    if _internal(serial):
        clause["visibility"] = "internal"
        clause["text"] = (
            f"Internal procedure {serial}: the response team {verb} open the [[{INTERNAL_TERM}]] "
            f"and brief the duty spokesperson on topic {serial} before anyone replies."
        )
    return clause


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=100), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--clauses", type=int, default=2000)
    parser.add_argument("--chapters", type=int, default=40)
    args = parser.parse_args()
    generate(args.out, args.clauses, args.chapters)
    print(f"Wrote a {args.clauses}-clause handbook to {args.out}/")


if __name__ == "__main__":
    main()
