"""Search that finds rules: Material's search index, tuned so that each clause is a result of
its own and a reader's question finds it. Pure: a dict in, a dict out.

Material's search (lunr, in a web worker) builds its index in the browser from
``search/search_index.json``: a ``config`` (separator, pipeline, field boosts) and ``docs``,
one per section of a page (``location``, ``title``, ``text``, optional ``boost``). It gives
every word typed a trailing wildcard and so skips lunr's pipeline for the query: stop words
("can", "I", "about") match hundreds of words, and an inflected word ("photos") misses the
plain one ("photo"). It also folds every section of a page under the page, so a chapter showed
as one result with its best clause and the others hidden. :func:`tune` rewrites the file:

- the separator, which the worker applies alike to the documents and to the query, drops stop
  words, possessives and a few English endings: "can I like photos of my team?" searches for
  ``lik* photo* team*``, which finds "like", "liked", "liking", "photo" and "photos" alike;
- every clause is its own result: its location carries its id as a query (``?clause=ID``, the
  same page and anchor) so that Material does not fold it under the chapter; its text is the
  clause's own text and rationale, without the page's links and labels; a hidden ``keywords``
  field holds its keywords, its tags and the other names of the glossary terms it uses;
- clauses are boosted above everything else; pages that repeat clauses (audiences,
  changelog) or ask about them (quizzes), the editors' guide and the versions page are left
  out (:func:`page_search`).

Everything from the sources is HTML-escaped here: the theme inserts titles and texts of the
index into the results as HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from build_tools.site.pages import chapter_path
from build_tools.site.versions import ARCHIVE
from build_tools.source.markup import labelled
from build_tools.source.model import Clause, Handbook, Term
from build_tools.source.references import Reference
from build_tools.source.sanitize import clean

#: Pages left out of search: they repeat clauses (audiences, changelog), ask about them
#: (self-check quizzes: a search would give the answers away) or serve editors.
EXCLUDED = ("audiences/", "changelog/", "quiz/", "guide/", f"{ARCHIVE}/")
CLAUSE_BOOST = 4.0
OTHER_BOOST = 0.5  # chapter introductions, examples, glossary, home page, hand-written pages
#: Searched fields and their weights: ``heading`` is each section's title (``title`` is shown,
#: not searched); ``keywords`` is a clause's hidden keywords.
FIELDS = {"heading": 6.0, "text": 1.0, "keywords": 5.0}
PIPELINE = ["trimmer"]  # no stop word filter or stemmer: the separator does both, both ways

#: Words a question is made of that say nothing about its subject.
STOP_WORDS = (
    "a about after all allowed also am an and any anyone anything are as at be been before "
    "being but by can could did do does doing don doesn done during each either else even "
    "ever every for from get gets getting go going got had has have having he her here hers "
    "him his how i if in into is isn it its just let lets me might mine my myself need needs "
    "no nor not of off ok okay on or other our ours ourselves out over please shall she "
    "should so some someone something than that the their theirs them then there these they "
    "this those to too up us very want wants was wasn we were what when where whether which "
    "while who whom whose why will with would yet you your yours"
).split()
#: Endings dropped from words, in lower case, the longest first: only after three letters of
#: which the last is none of STEM_ENDS (the last letters of the endings), so that what is left
#: never ends in an ending. A word is then searched as itself (the worker looks words up, and
#: Material's highlighter splits them again, as typed): "shared" stays "shared" (an ending
#: after "r"), "posted" is "post".
ENDINGS = ("ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "al", "e", "y", "s")
STEM_ENDS = "sedrgly"
CONTRACTIONS = ("s", "t", "re", "ve", "ll", "d", "m")
#: Where a word starts and ends: next to anything but a letter (digits and underscores too,
#: which ``\b`` would count as letters, though the separator splits at them).
START, END = "(?<![A-Za-z])", "(?![A-Za-z])"


def separator() -> str:
    """The search separator: a JavaScript regular expression (no flags) whose every match
    splits words, in the documents and in the query alike."""

    def either(words: list[str] | tuple[str, ...]) -> str:  # in any case, as the highlighter
        cased = ("".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in w) for w in words)
        return "|".join(cased)

    endings = either(ENDINGS)
    # A stop word that could be what is left of a longer word goes with its endings.
    stems = [w for w in STOP_WORDS if len(w) >= 3 and w[-1] not in STEM_ENDS]
    plain = [w for w in STOP_WORDS if w not in stems]
    return "|".join(
        (
            r"&(?:amp|lt|gt|quot|#39|#x27);",  # the index is HTML: entities are not words
            rf"['’‘](?:{either(CONTRACTIONS)}){END}|['’‘]",  # it's, don't, competitor's
            r"[\s\-.,:;!?#\"“”()\[\]{}<>/\\+*^~`=_@$%&·…–—]+",
            rf"{START}(?:{either(plain)}){END}",
            rf"{START}(?:{either(stems)})(?:{endings})?{END}",
            rf"(?<=[A-Za-z]{{3}})(?<![{STEM_ENDS}{STEM_ENDS.upper()}])(?:{endings}){END}",
        )
    )


def page_search(src_uri: str) -> dict[str, Any] | None:
    """Material's ``search`` page setting for a page of the site: left out or as it is."""
    return {"exclude": True} if src_uri.startswith(EXCLUDED) else None


#: A clause's text and rationale as the index shows them (:func:`clause_texts`).
Texts = tuple[str | None, str | None]


def clause_texts(handbook: Handbook) -> dict[str, Texts]:
    """Clause id → the plain words of its text and its rationale (None where it has none):
    the costly part of :func:`tune`, which a build may make beforehand, beside its pages."""
    titles = {clause.id: clause.title for _, clause in handbook.clauses()}

    def plain(field: str | None) -> str | None:
        return _plain(field, titles) if field else None

    return {c.id: (plain(c.text), plain(c.rationale)) for _, c in handbook.clauses()}


def tune(
    index: dict[str, Any],
    handbook: Handbook,
    keywords: Mapping[str, tuple[str, ...]],
    texts: Mapping[str, Texts] | None = None,
) -> dict[str, Any]:
    """``index`` (Material's ``search_index.json``) with the search configuration above and a
    result of its own for every clause of ``handbook`` on the site; ``keywords``: clause id →
    search keywords (from the working copy, whichever text the site shows); ``texts``: the
    :func:`clause_texts` of ``handbook``, made here when not given. A translated site keeps
    Material's separator (the stop words and endings above are English); its words are
    indexed as written, as the English are, since the query's wildcard skips the stemmer."""
    config = {**index["config"], "pipeline": PIPELINE}
    if not handbook.language:  # the separator's stop words and endings are English
        config["separator"] = separator()
    fields = {k: v for k, v in index["config"].get("fields", {}).items() if k != "title"}
    config["fields"] = fields | {name: {"boost": boost} for name, boost in FIELDS.items()}
    pages = {doc["location"]: doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    clauses = {
        (chapter_path(chapter).removesuffix(".md") + "/", clause.id): clause
        for chapter, clause in handbook.clauses()
    }
    texts = clause_texts(handbook) if texts is None else texts
    names = _term_names(handbook.glossary)
    docs: list[dict[str, Any]] = []
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        clause = clauses.get((page, anchor))
        if clause is None:
            boost = min(doc.get("boost", 1.0), OTHER_BOOST)
            docs.append({**doc, "heading": doc["title"], "boost": boost})
            continue
        # Each field's plain text once, for the index's text and the glossary's synonyms.
        plain = texts[clause.id]
        words = (*keywords.get(clause.id, clause.keywords), *_tags(handbook, clause))
        words += _synonyms(names, clause, plain[0] or "")
        # Material folds the sections of a page under the section without an anchor at its
        # address: a page of its own (the query makes it one) that shows the chapter's title
        # above the clause and matches nothing (``title`` is not searched: ``heading`` is).
        home = f"{page}?clause={clause.id}"
        docs.append({"location": home, "title": pages.get(page, ""), "text": ""})
        docs.append(
            {
                "location": f"{home}#{clause.id}",
                "title": doc["title"],
                "heading": doc["title"],
                "text": "".join(f"<p>{_escaped(t)}</p>" for t in plain if t is not None),
                "keywords": _escaped(", ".join(dict.fromkeys(words))),
                "boost": CLAUSE_BOOST,
            }
        )
    return {**index, "config": config, "docs": docs}


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _tags(handbook: Handbook, clause: Clause) -> tuple[str, ...]:
    return tuple(handbook.meta.tags.get(tag, tag.replace("-", " ")) for tag in clause.tags)


#: A glossary term's names (term and aliases), each with its words (:func:`_words`).
TermNames = tuple[tuple[tuple[str, list[str]], ...], ...]


def _term_names(glossary: tuple[Term, ...]) -> TermNames:
    """Each term's names with their words, split once for every clause."""
    return tuple(
        tuple((name, _words(name)) for name in (term.term, *term.aliases)) for term in glossary
    )


def _synonyms(terms: TermNames, clause: Clause, text: str) -> tuple[str, ...]:
    """Every name of each glossary term the clause uses, linked or in plain words; ``text``
    is the clause's text as the index shows it (converted once, for both)."""
    words = _words(clause.title) + _words(text)  # a title is plain text, never Markdown
    known = set(words)
    found: list[str] = []
    for names in terms:
        if any(_contains(words, known, phrase) for _, phrase in names):
            found.extend(name for name, _ in names)
    return tuple(found)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _contains(words: list[str], known: set[str], phrase: list[str]) -> bool:
    """Whether ``phrase`` stands in ``words`` (``known``: the same as a set, to rule most
    phrases out at once)."""
    size = len(phrase)
    return size > 0 and known.issuperset(phrase) and any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def _plain(markdown: str, titles: Mapping[str, str]) -> str:
    """The words of a Markdown field, as a reader sees them: references as their link text."""

    def label(ref: Reference) -> str:
        return ref.label or titles.get(ref.target, ref.target)

    parser = _Text()
    parser.feed(clean(labelled(markdown, label)))
    parser.close()
    return " ".join("".join(parser.parts).split())


class _Text(HTMLParser):
    """The text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")
