"""The site search index, written at build time from the model (not from HTML).

Files under site/search/, loaded when the search box is first used:
  index.json  lunr index (name, code, unit fields) + display fields per document
              + the traditional→simplified table + the thesaurus (generator/thesaurus.yml and
              content/site.yml `thesaurus`: groups of words a search also tries for each other);
  body.json   body text per document as written (the browser normalises it), searched for the
              words name, code and unit do not hold and quoted in excerpts: `body` the lines,
              `fields` the names of the fields the lines come from (资金用途, 绩效目标, ...) and
              `parts` per document [field, number of lines, field, number of lines, ...].
              A unit's page is found by its own name and code only: its body is empty.

index.json also carries `pinyin`: toneless pinyin → the characters read that way, for the readings
that occur in the indexed fields (names and units). It lets the browser match names typed in pinyin
(zhujingban, zjb) and find same-sounding characters (驻京半 → 驻京办) without a pinyin dictionary:
  - every Han character of the names and units, under its reading in context (pypinyin reads
    phrases, so 行 is hang in 银行 and xing in 执行);
  - for those readings only, the common characters (GB2312 level 1, 3,755 characters) that a
    pinyin input method offers in their place, so that a wrongly picked homophone is recognised.

Normalisation and tokenisation rules. generator/theme/assets/javascripts/search/engine/ (normalise.js,
tokens.js) implements the same rules for queries; keep both in step:
  normalise: full-width ASCII (U+FF01–FF5E) → half-width, U+3000 → space, A–Z → a–z,
             traditional → simplified character by character (OpenCC TSCharacters table,
             first candidate, shipped to the browser as `t2s`).
  tokens:    the normalised text is split into runs of Han characters and runs of [0-9a-z];
             everything else separates runs. A Han run gives every unigram and bigram;
             a [0-9a-z] run gives, from each position, the next (up to) 3 characters —
             all trigrams plus the run's last 2- and 1-character tails.
  query:     (the browser, engine/tokens.js) each space-separated term is tokenised into runs
             the same way. A Han run of one character needs its unigram, longer runs every
             bigram; a [0-9a-z] run of 3+ characters needs every trigram, a shorter run needs
             a token starting with it (trailing wildcard). All of a query's tokens are required,
             so every document containing the term as a substring is found; the browser then
             keeps only documents containing each term as a substring of name, code, unit or body.
tests/search_text.json holds cases both sides are tested on (tests/test_search.py, tests/js/text.test.js).
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import itertools
import json
from collections import defaultdict
import re
from pathlib import Path

import yaml

from .. import model, urls
from ..format import wan

INDEX_VERSION = 2
THESAURUS = Path(__file__).resolve().parent.parent / "thesaurus.yml"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
RUNS = re.compile(f"[{HAN}]+|[0-9a-z]+")
CODE_GRAM = 3


@functools.lru_cache(maxsize=1)
def t2s_pairs() -> tuple[str, str]:
    """(traditional, simplified) as two strings of equal length: one character each."""
    import opencc

    source = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    pairs = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1 and parts[0] != parts[1]:
            pairs[parts[0]] = parts[1]
    keys = sorted(pairs)
    return "".join(keys), "".join(pairs[k] for k in keys)


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, int]:
    table = dict(str.maketrans(*t2s_pairs()))
    table.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    table.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
    table.update({c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)})  # full-width A–Z
    table[0x3000] = 0x20
    return table


def normalise(text: str) -> str:
    """Full-width → half-width, A–Z → a–z, traditional → simplified (per character)."""
    return text.translate(_table())


def tokens(text: str) -> list[str]:
    """Index tokens of a text: Han unigrams + bigrams, [0-9a-z] runs as 3-character grams."""
    out: list[str] = []
    for run in RUNS.findall(normalise(text)):
        if run[0].isascii():
            out.extend(run[i : i + CODE_GRAM] for i in range(len(run)))
        else:
            out.extend(run)
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


LABELS = {
    f.name: f.metadata["label"]
    for cls in (model.Department, model.Project)
    for f in dataclasses.fields(cls)
    if "label" in f.metadata
}
"""The names of the fields body text comes from, as the pages call them (资金用途, 绩效目标, ...)."""


def documents(disclosure: model.Disclosure) -> list[dict]:
    """One search document per project, unit and year overview, newest year first.

    `body`: the searched text beyond name, code and unit, as (field label, paragraphs)."""
    docs = []
    for year in reversed(disclosure.years):
        dept = year.department
        docs.append(
            {
                "kind": "overview",
                "year": year.year,
                "url": urls.url(urls.overview(year)),
                "title": year.heading,
                "code": "",
                "unit": dept.name,
                "amount": wan(year.total),
                "body": [
                    (LABELS["title"], [dept.title]),
                    (LABELS["overall_goal"], dept.overall_goal),
                    (LABELS["item_goals"], dept.item_goals),
                    (LABELS["measures"], dept.measures),
                ],
            }
        )
        for unit in year.units:
            docs.append(
                {
                    "kind": "unit",
                    "year": year.year,
                    "url": urls.url(urls.unit_path(year, unit)),
                    "title": unit.name,
                    "code": unit.code,
                    "unit": unit.name,
                    "unit_code": unit.code,
                    "amount": wan(year.unit_total(unit)),
                    "body": [],
                }
            )
        for p in year.projects:
            unit = year.unit(p.unit)
            rows = [" ".join((i.level3, i.description, i.value, i.basis)) for i in p.indicators]
            found = result_body(year.results.get(p.code))
            docs.append(
                {
                    "kind": "project",
                    "year": year.year,
                    "url": urls.url(urls.project_path(year, p)),
                    "title": p.name,
                    "code": p.code,
                    "unit": unit.name,
                    "unit_code": unit.code,
                    "amount": wan(p.budget.total),
                    "body": [
                        (LABELS["purpose"], [p.purpose]),
                        (LABELS["goals"], p.goals),
                        (LABELS["indicators"], rows),
                        *found,
                    ],
                }
            )
    return docs


def bodies(docs: list[dict]) -> dict:
    """body.json: each document's body as lines, with the field each line comes from (see the module docstring)."""
    fields: dict[str, int] = {}
    texts, parts = [], []
    for d in docs:
        paragraphs, part = [], []
        for label, texts_of_field in d["body"]:
            if texts_of_field:
                part += [fields.setdefault(label, len(fields)), sum(t.count("\n") + 1 for t in texts_of_field)]
                paragraphs += texts_of_field
        texts.append("\n".join(paragraphs))
        parts.append(part)
    return {"version": INDEX_VERSION, "fields": list(fields), "body": texts, "parts": parts}


@functools.lru_cache(maxsize=1)
def shipped_thesaurus() -> tuple[tuple[str, ...], ...]:
    """The generator's thesaurus (generator/thesaurus.yml): groups of words that stand for each other."""
    groups = yaml.safe_load(THESAURUS.read_text(encoding="utf-8"))
    return tuple(tuple(str(word) for word in group) for group in groups)


def thesaurus(site: model.Site) -> list[list[str]]:
    """The groups a search tries for each other: the generator's, then the site's (content/site.yml)."""
    return [list(group) for group in shipped_thesaurus()] + [list(group) for group in site.thesaurus]


def _label(cls, name: str) -> str:
    return next(f.metadata["label"] for f in dataclasses.fields(cls) if f.name == name)


def result_body(result: model.Result | None) -> list[tuple[str, list[str]]]:
    """A project's self-evaluation as body text, by field (its name as the model labels it, lines):
    实际完成情况, each row's 实际完成值 and 偏差原因分析及改进措施, 评价结论, 存在问题, 改进措施. A reader
    finds a project by what its office reported at the year's end, as by its targets; none without results."""
    if result is None:
        return []
    rows = result.indicators
    found = [
        (_label(model.Result, "achieved"), result.achieved),
        (_label(model.ResultIndicator, "actual"), [f"{r.level3} {r.actual}" for r in rows if r.actual]),
        (_label(model.ResultIndicator, "reason"), [r.reason for r in rows if r.reason]),
        *((_label(model.Result, name), getattr(result, name)) for name in ("conclusion", "problems", "improvements")),
    ]
    return [(label, lines) for label, lines in found if lines]


FIELDS = ("name", "code", "unit")


def build_index(docs: list[dict]) -> dict:
    """A lunr index of name, code and unit over pre-tokenised fields, in a compact transport form.

    lunr's own serialisation stores a score vector per document and field; ranking here is by
    explicit rank classes (engine/match.js), so the vectors are dropped and each term keeps only its
    postings: {field: [first ref, gap, gap, ...]}. The browser (engine/index.js) restores the
    standard lunr 2.3.9 form, with empty vectors, before lunr.Index.load.
    """
    from lunr.builder import Builder

    builder = Builder()  # no pipeline: tokens are final (no stemming, no stop words)
    for name in FIELDS:
        builder.field(name)
    for ref, d in enumerate(docs):
        builder.add({"id": str(ref), **fields_of(d)})
    serialised = builder.build().serialize()
    terms = {}
    for term, posting in serialised["invertedIndex"]:
        terms[term] = {f: _gaps(sorted(int(r) for r in posting[f])) for f in FIELDS if posting[f]}
    return {"version": serialised["version"], "fields": list(FIELDS), "terms": terms}


def fields_of(doc: dict) -> dict[str, list[str]]:
    """The tokens of each indexed field of a search document."""
    return {
        "name": tokens(doc["title"]),
        "code": tokens(doc["code"]),
        "unit": tokens(f"{doc.get('unit_code', '')} {doc['unit']}"),
    }


def _gaps(refs: list[int]) -> list[int]:
    return [b - a for a, b in itertools.pairwise([0, *refs])]


@functools.lru_cache(maxsize=1)
def common_characters() -> str:
    """GB2312 level 1: the 3,755 most used characters (rows 16–55 of the standard's table)."""
    return "".join(
        bytes([row, cell]).decode("gb2312")
        for row in range(0xB0, 0xD8)
        for cell in range(0xA1, 0xFF)
        if (row, cell) < (0xD7, 0xFA)
    )


@functools.lru_cache(maxsize=1)
def common_readings() -> dict[str, str]:
    """Toneless pinyin → the common characters read that way (read once per process, not per build)."""
    from pypinyin import lazy_pinyin

    readings: dict[str, str] = defaultdict(str)
    for char in common_characters():
        readings[lazy_pinyin(char)[0]] += char
    return dict(readings)


def pinyin_table(docs: list[dict]) -> dict[str, str]:
    """Toneless pinyin → characters read that way (see the module docstring), each string sorted."""
    from pypinyin import lazy_pinyin

    readings: dict[str, set[str]] = defaultdict(set)
    texts = {normalise(text) for d in docs for text in (d["title"], d["unit"])}
    for run in {run for text in texts for run in RUNS.findall(text) if not run[0].isascii()}:
        syllables = lazy_pinyin(run)
        if len(syllables) != len(run):  # a character without a reading: read one by one
            syllables = [lazy_pinyin(c)[0] for c in run]
        for char, syllable in zip(run, syllables, strict=True):
            if syllable.isascii() and syllable.isalpha():
                readings[syllable].add(char)
    common = common_readings()
    for syllable, chars in readings.items():
        chars.update(common.get(syllable, ""))
    return {syllable: "".join(sorted(chars)) for syllable, chars in sorted(readings.items())}


def write(disclosure: model.Disclosure, site: Path, docs: list[dict] | None = None) -> dict[str, Path]:
    """Write search/index.json and search/body.json into a built site (deterministic)."""
    docs = documents(disclosure) if docs is None else docs
    trad, simp = t2s_pairs()
    shown = [{k: v for k, v in d.items() if k != "body"} for d in docs]
    index = {
        "version": INDEX_VERSION,
        "t2s": [trad, simp],
        "docs": shown,
        "lunr": build_index(docs),
        "pinyin": pinyin_table(docs),
        "thesaurus": thesaurus(disclosure.site),
    }
    body = bodies(docs)
    folder = site / "search"
    folder.mkdir(parents=True, exist_ok=True)
    files = {"index": folder / "index.json", "body": folder / "body.json"}
    for key, data in (("index", index), ("body", body)):
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        files[key].write_text(text, encoding="utf-8")
    return files


def sizes(path: Path) -> tuple[int, int]:
    """(raw bytes, gzip -9 bytes) of a file."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9, mtime=0))
