"""Journalists' queries on the seed, each with the Chinese it stands for, and how results are judged.

Used by tests/test_search_forgiving.py (thresholds) and benchmarks/search_bench.py (figures).
A result is relevant when its name, code, unit or body contains every word of what the query
stands for (normalised as search does). Recall counts the relevant documents the query could
find: for pinyin and initials, whose name or unit contains it (pinyin is not matched in body text).
"""

from __future__ import annotations

from budget_site.exports import search

# Queries that work today: exact fragments (the query stands for itself).
EXACT = ["锅炉", "网站", "P0058FK", "智慧唐山一期建设", "電子政務", "驻京办", "参公", "电子政务 网站", "经费",
         "全市工作会议", "113010", "门户网站", "政务", "招商引资", "地方志"]

# A pinyin input method's wrong pick among same-sounding characters (tone ignored).
HOMOPHONES = {"驻京半": "驻京办", "电子政物": "电子政务", "锅路": "锅炉", "智慧糖山": "智慧唐山", "门户网占": "门户网站",
              "地方制": "地方志", "京金冀": "京津冀", "招商音资": "招商引资", "等保测平": "等保测评", "日元带款": "日元贷款",
              "物业为修": "物业维修", "军事训连": "军事训练", "数据共想": "数据共享", "驻京办房屋祖赁": "驻京办房屋租赁"}

# Names typed in pinyin without converting: full syllables, with or without spaces, and initials.
PINYIN = {"zhujingban": "驻京办", "zhu jing ban": "驻京办", "dianzizhengwu": "电子政务", "guolu": "锅炉",
          "zhihuitangshan": "智慧唐山", "difangzhi": "地方志", "jingjinji": "京津冀", "menhuwangzhan": "门户网站",
          "zhaoshangyinzi": "招商引资", "cangong": "参公", "junshixunlian": "军事训练", "ZhuJingBan": "驻京办"}
INITIALS = {"zjb": "驻京办", "dzzw": "电子政务", "zhts": "智慧唐山", "dfz": "地方志", "jjj": "京津冀", "mhwz": "门户网站",
            "zsyz": "招商引资", "dbcp": "等保测评", "jsxl": "军事训练", "zhujingb": "驻京办", "zhjb": "驻京办",
            "ZJB": "驻京办"}


def meaning(query: str) -> str:
    """What a query stands for (normalised)."""
    return search.normalise({**HOMOPHONES, **PINYIN, **INITIALS}.get(query, query))


def judge(docs: list[dict], bodies: list[str], query: str, ranked: list[int]) -> dict:
    """Recall, precision of the first ten and first-result correctness of the ranked refs of a query."""
    words = meaning(query).split()

    def contains(ref: int, body: bool) -> bool:
        d = docs[ref]
        text = search.normalise(" ".join([d["title"], d["code"], d.get("unit_code", ""), d["unit"]]))
        return all(w in text or (body and w in bodies[ref]) for w in words)

    typed = query in PINYIN or query in INITIALS
    relevant = {ref for ref in range(len(docs)) if contains(ref, body=not typed)}
    top = ranked[:10]
    return {"recall": len(relevant & set(ranked)) / len(relevant) if relevant else 1.0,
            "precision": sum(contains(r, body=True) for r in top) / len(top) if top else 0.0,
            "first": bool(ranked) and contains(ranked[0], body=True)}


def summary(judged: list[dict]) -> dict:
    n = len(judged)
    return {"queries": n, "recall": sum(j["recall"] for j in judged) / n,
            "precision": sum(j["precision"] for j in judged) / n, "first": sum(j["first"] for j in judged)}
