"""Self-check quizzes: a page of questions per chapter that has a ``quiz:``, an index page, and
the links to them from the home page and each chapter page; pure.

A quiz page is plain HTML that needs no script: each answer, with the explanation and the links
to the clauses it rests on, is inside a ``<details>`` element that the reader opens. Nothing is
stored, sent or fetched. The pages are kept out of the site search (``search: exclude``), so a
question never outranks the rule it asks about.

The answers are raw HTML inside the Markdown, so their links are written as the site's
addresses (``../../chapters/scope/#SM-SCOPE-01``); the explanation is rendered by the one
Markdown engine of the sources and passed through the sanitizer before it is placed there, and
the page as a whole passes it again, like every page.
"""

from __future__ import annotations

import posixpath

from build_tools.site.glossary import GLOSSARY
from build_tools.site.example_page import EXAMPLES
from build_tools.site.pages import INDEX, NOT_IN_SEARCH, blocks, chapter_path, relative
from build_tools.source import sanitize
from build_tools.source.labels import say, term_anchor, words
from build_tools.source.markup import rendered
from build_tools.source.model import Chapter, Handbook, Question
from build_tools.source.references import Reference
from build_tools.source.sanitize import html_text, markdown_text

QUIZ_INDEX = "check-your-understanding.md"
TITLE = "Check your understanding"
ANCHOR = "check-your-understanding"
LETTERS = "ABCDE"
#: Front matter of every quiz page: out of the search index (Material's search plugin).
NOTHING_RECORDED = (
    "Nothing you choose is recorded or sent anywhere, and the page works offline without "
    "scripts."
)
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


def quiz_path(chapter: Chapter) -> str:
    return f"quiz/{chapter.id}.md"


def quiz_paths(handbook: Handbook) -> frozenset[str]:
    """The paths of the pages :func:`quiz_pages` writes."""
    quizzed = [quiz_path(ch) for _, ch in _quizzed(handbook)]
    return frozenset([*quizzed, QUIZ_INDEX] if quizzed else [])


def _quizzed(handbook: Handbook) -> list[tuple[int, Chapter]]:
    return [(n, ch) for n, ch in enumerate(handbook.chapters, start=1) if ch.quiz]


def quiz_pages(handbook: Handbook) -> dict[str, str]:
    """The quiz page of every chapter that has questions, and the index of them (none when no
    chapter has a quiz, as in an approved text whose cycle closed before quizzes existed)."""
    quizzed = _quizzed(handbook)
    if not quizzed:
        return {}
    targets = _Targets(handbook)
    pages = {quiz_path(ch): _quiz_page(targets, n, ch) for n, ch in quizzed}
    rows = [
        f"| [{n}. {markdown_text(ch.title)}]({relative(quiz_path(ch), QUIZ_INDEX)}) "
        f"| {len(ch.quiz)} |"
        for n, ch in quizzed
    ]
    pages[QUIZ_INDEX] = NOT_IN_SEARCH + "\n" + blocks(
        f"# {TITLE}",
        "A few questions on each of these chapters, to check that you have understood the "
        "rules, for example before you sign your acknowledgement. Every answer says why it is "
        "right and links the clause it rests on: the clauses are the rules, the questions are "
        "only a check. " + NOTHING_RECORDED,
        "| Chapter | Questions |\n| --- | ---: |\n" + "\n".join(rows),
    )
    return pages


def quiz_nav(handbook: Handbook) -> list[dict[str, list[dict[str, str]]]]:
    """The navigation section of the quizzes, after the chapters (titles HTML-escaped)."""
    quizzed = _quizzed(handbook)
    if not quizzed:
        return []
    entries = [{html_text(words(handbook, "site.all_chapters")): QUIZ_INDEX}]
    entries += [{f"{n}. {html_text(ch.title)}": quiz_path(ch)} for n, ch in quizzed]
    return [{html_text(words(handbook, "site.quiz")): entries}]


def link_quizzes(pages: dict[str, str], handbook: Handbook) -> dict[str, str]:
    """``pages`` with a "Check your understanding" section at the end of the home page and of
    every chapter page that has a quiz."""
    quizzed = _quizzed(handbook)
    if not quizzed:
        return pages
    linked = dict(pages)
    heading = f"## {say(handbook, 'site.quiz', markdown_text)} {{ #{ANCHOR} }}"
    # A translation's sentence takes bare numbers; the English one its own plurals.
    own = handbook.labels.get

    def sentence(key: str, link: str, **counts: tuple[int, str]) -> str:
        values = {
            name: str(number) if own(key) else _count(number, noun)
            for name, (number, noun) in counts.items()
        }
        return say(handbook, key, markdown_text, {"link": link, **values})

    if INDEX in linked:
        count = sum(len(ch.quiz) for _, ch in quizzed)
        link = f"[{say(handbook, 'site.quiz_home_link', markdown_text)}]({QUIZ_INDEX})"
        linked[INDEX] += "\n" + blocks(
            heading,
            sentence(
                "site.quiz_home",
                link,
                questions=(count, "short question"),
                chapters=(len(quizzed), "chapter"),
            ),
        )
    for _, chapter in quizzed:
        page = chapter_path(chapter)
        if page in linked:
            words = say(handbook, "site.quiz_chapter_link", markdown_text)
            link = f"[{words}]({relative(quiz_path(chapter), page)})"
            linked[page] += "\n" + blocks(
                heading,
                sentence("site.quiz_chapter", link, questions=(len(chapter.quiz), "question")),
            )
    return linked


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"



def _quiz_page(targets: _Targets, number: int, chapter: Chapter) -> str:
    page = quiz_path(chapter)
    title = f"{number}. {markdown_text(chapter.title)}"
    parts = [
        f"# {TITLE}: {title}",
        f"{_count(len(chapter.quiz), 'question')} on [{title}]"
        f"({relative(chapter_path(chapter), page)}). Choose your answer, then open "
        f"*Show answer* to check it. {NOTHING_RECORDED}",
    ]
    for i, question in enumerate(chapter.quiz, start=1):
        parts.append(_question(targets, page, i, question))
    return NOT_IN_SEARCH + "\n" + blocks(*parts)


def _question(targets: _Targets, page: str, number: int, question: Question) -> str:
    options = "\n".join(
        f"- **{LETTERS[j]}.** {markdown_text(option.text)}"
        for j, option in enumerate(question.options)
    )
    right = [(LETTERS[j], html_text(o.text)) for j, o in enumerate(question.options) if o.correct]
    if len(right) == 1:
        answer = _right("Right answer", f"{right[0][0]}. {right[0][1]}")
    else:
        letters = ", ".join(letter for letter, _ in right[:-1]) + f" and {right[-1][0]}"
        items = "".join(f"<li>{letter}. {text}</li>" for letter, text in right)
        answer = _right("Right answers", letters) + f"\n<ul>{items}</ul>"
    explanation = targets.explanation(question.explanation, page)
    details = "\n".join(
        [
            '<details class="quiz-answer question">',
            "<summary>Show answer</summary>",
            answer,
            explanation,
            "</details>",
        ]
    )
    return "\n\n".join(
        [
            f"## Question {number} {{ #question-{number} .quiz-question }}",
            markdown_text(question.question),
            f"*Choose {_WORDS.get(question.choose, str(question.choose))}.*",
            options,
            details,
        ]
    )


def _right(label: str, text: str) -> str:
    return f'<p class="quiz-right"><strong>{label}:</strong> {text}</p>'


class _Targets:
    """Where each item of the handbook is on the site, to link an explanation's references."""

    def __init__(self, handbook: Handbook) -> None:
        self.hosts = frozenset(h.casefold() for h in handbook.meta.image_hosts)
        self.places: dict[str, tuple[str, str, str]] = {}  # id → (page, anchor, link text)
        numbers = handbook.clause_numbers
        for chapter in handbook.chapters:
            for clause in chapter.clauses:
                text = f"{numbers[clause.id]} {clause.title}"
                self.places[clause.id] = (chapter_path(chapter), clause.id, text)
        for example in handbook.examples:
            self.places[example.id] = (EXAMPLES, example.id, example.title)
        for term in handbook.glossary:
            for name in (term.term, *term.aliases):
                self.places.setdefault(name.casefold(), (GLOSSARY, term_anchor(term), ""))

    def explanation(self, text: str, page: str) -> str:
        """The explanation as sanitized HTML, every reference a link to its place on the site
        (or its words, where this edition does not show the item)."""

        def link(ref: Reference) -> str:
            place = self.places.get(ref.target) or self.places.get(ref.target.casefold())
            if place is None:
                return ref.label or markdown_text(ref.target)
            target, anchor, words = place
            # A label is Markdown of the text, as in a clause; a title or a term is plain.
            words = ref.label or markdown_text(words or ref.target)
            return f"[{words}]({_address(target, page)}#{anchor})"

        html = rendered(text, link)
        return sanitize.clean(html, policy=sanitize.EDITOR, image_hosts=self.hosts)


def _address(target: str, page: str) -> str:
    """The site address of page ``target`` from page ``page`` (both paths under ``docs/``), as
    MkDocs writes them with directory addresses: ``chapters/scope.md`` is ``chapters/scope/``."""
    return posixpath.relpath(_folder(target), _folder(page)) + "/"


def _folder(path: str) -> str:
    stem = path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return stem or "."
