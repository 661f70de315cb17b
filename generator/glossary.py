"""The glossary (名词解释) the tool ships: glossary.yml, plain explanations of the budget words on
the pages, shown as the page /glossary/ and where each word first appears on a page.

A page asks its `Terms` (one per page) for a word: the first time, the word links to its
explanation on the glossary page; later it is plain text. Unit names are data that appear in
headings and inside links first, so the words found in them (本级, 参公, 4户 …) are explained in a
note after the first place the name appears instead: `Terms.notes`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup, escape

FILE = Path(__file__).with_name("glossary.yml")


@dataclass(frozen=True)
class Term:
    id: str  # anchor on the glossary page: /glossary/#id
    term: str
    short: str  # one sentence, for notes on other pages
    text: str  # the explanation on the glossary page, paragraphs separated by blank lines
    forms: tuple[re.Pattern, ...] = ()  # how the word is found in a unit's name

    @property
    def paragraphs(self) -> list[str]:
        """Lines of a paragraph join without a space (Chinese text breaks lines anywhere)."""
        return ["".join(line.strip() for line in p.splitlines()) for p in self.text.strip().split("\n\n")]


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    terms: tuple[Term, ...]


@functools.cache
def groups() -> tuple[Group, ...]:
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    return tuple(
        Group(
            g["id"],
            g["group"],
            tuple(
                Term(t["id"], t["term"], t["short"], t["text"], tuple(re.compile(f) for f in t.get("forms", ())))
                for t in g["terms"]
            ),
        )
        for g in data
    )


@functools.cache
def terms() -> dict[str, Term]:
    found = {t.id: t for g in groups() for t in g.terms}
    ids = list(found) + [g.id for g in groups()]
    assert len(set(ids)) == len(ids) == len(found) + len(groups()), "glossary.yml: an id is used twice"
    return found


class Terms:
    """The glossary as one page uses it: each word is explained where it first appears."""

    def __init__(self, glossary_href: str):
        self.href = glossary_href  # the glossary page, relative to this page
        self.seen: set[str] = set()

    def term(self, id: str, text: str | None = None) -> Markup:
        """The word (or `text`): a link to its explanation the first time on the page, else plain."""
        entry = terms()[id]
        shown = escape(text or entry.term)
        if id in self.seen:
            return Markup(shown)
        self.seen.add(id)
        return Markup(f'<a class="bs-term" href="{escape(self.href)}#{id}">{shown}</a>')

    def notes(self, *names: str) -> Markup:
        """A one-line note explaining the words found in these names (unit names) that this page has
        not explained yet, in the order they appear; empty when there are none."""
        found: dict[str, str] = {}  # id → the word as the name has it (4户)
        for name in names:
            for entry in terms().values():
                if entry.id in self.seen or entry.id in found:
                    continue
                match = next((m for m in (f.search(name) for f in entry.forms) if m), None)
                if match:
                    found[entry.id] = match.group(0)
        if not found:
            return Markup("")
        items = "；".join(
            f"<dfn>{self.term(id, word)}</dfn>：{escape(terms()[id].short)}" for id, word in found.items()
        )
        return Markup(f'<p class="bs-gloss">名称中的用语：{items}。</p>')
