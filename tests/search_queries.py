"""Journalists' queries on the seed (tests/search_queries.json, shared with the node tests of the engine),
each with the Chinese it stands for, and how results are judged.

Used by tests/test_search_forgiving.py (thresholds) and benchmarks/search_bench.py (figures).
A result is relevant when its name, code, unit or body contains every word of what the query
stands for (normalised as search does). Recall counts the relevant documents the query could
find: for pinyin and initials, whose name or unit contains it (pinyin is not matched in body text).
"""

from __future__ import annotations

import json
from pathlib import Path

from budget_site.exports import search

_SETS = json.loads(Path(__file__).with_name("search_queries.json").read_text(encoding="utf-8"))
EXACT: list[str] = _SETS["exact"]
"""Queries that work today: exact fragments (the query stands for itself)."""
HOMOPHONES: dict[str, str] = _SETS["homophones"]
"""A pinyin input method's wrong pick among same-sounding characters (tone ignored)."""
PINYIN: dict[str, str] = _SETS["pinyin"]
"""Names typed in pinyin without converting: full syllables, with or without spaces."""
INITIALS: dict[str, str] = _SETS["initials"]
"""Names typed by their initials."""
THESAURUS: dict[str, str] = _SETS["thesaurus"]
"""Words of the budget thesaurus the seed does not hold, with the words of their group it does hold."""


def meaning(query: str) -> str:
    """What a query stands for (normalised)."""
    return search.normalise({**HOMOPHONES, **PINYIN, **INITIALS, **THESAURUS}.get(query, query))


def judge(docs: list[dict], bodies: list[str], query: str, ranked: list[int]) -> dict:
    """Recall, precision of the first ten and first-result correctness of the ranked refs of a query
    (`bodies`: search/body.json's body text, as written)."""
    words = meaning(query).split()
    bodies = [search.normalise(b) for b in bodies]

    def contains(ref: int, body: bool) -> bool:
        d = docs[ref]
        text = search.normalise(" ".join([d["title"], d["code"], d.get("unit_code", ""), d["unit"]]))
        return all(w in text or (body and w in bodies[ref]) for w in words)

    typed = query in PINYIN or query in INITIALS
    relevant = {ref for ref in range(len(docs)) if contains(ref, body=not typed)}
    top = ranked[:10]
    return {
        "recall": len(relevant & set(ranked)) / len(relevant) if relevant else 1.0,
        "precision": sum(contains(r, body=True) for r in top) / len(top) if top else 0.0,
        "first": bool(ranked) and contains(ranked[0], body=True),
    }


def summary(judged: list[dict]) -> dict:
    n = len(judged)
    return {
        "queries": n,
        "recall": sum(j["recall"] for j in judged) / n,
        "precision": sum(j["precision"] for j in judged) / n,
        "first": sum(j["first"] for j in judged),
    }
