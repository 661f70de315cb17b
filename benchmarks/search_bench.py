"""Search benchmarks: index size (raw and gzip), what the pinyin table adds, median query latency
in Chromium, and for the seed the query set's recall, precision of the first ten and first results.

Runs for the seed content and for a synthetic department of 5,000 projects made here
(realistic names, 21-character codes, 20 funding units, goals and indicators).

    .venv/bin/python benchmarks/search_bench.py [--projects 5000] [--runs 15]

Latency is measured in the built seed site's own page: the synthetic index files replace
the seed's under site/search/. Each query is timed with performance.now() through the page's
search function (tokenise → lunr query → body scan → post-filter → rank, and pinyin matching,
thesaurus rewordings, same-sounding spellings or the closest names), and again with rendering of
the result list (first 50, with excerpts of body matches) — the typing debounce (120 ms) is not
included. The queries include pinyin, initials, homophone typos, thesaurus words, body-only words
and queries that find nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from budget_site import model  # noqa
from budget_site.exports import search  # noqa: E402
from budget_site.build import build  # noqa: E402
from budget_site.content import load  # noqa: E402
from helpers import CHROMIUM_ARGS  # noqa: E402  (tests/helpers.py)
import search_queries  # noqa: E402  (tests/search_queries.py: the journalists' query set, tests/search_queries.json)

PLACES = [
    "唐山",
    "路南",
    "路北",
    "古冶",
    "开平",
    "丰南",
    "丰润",
    "曹妃甸",
    "滦州",
    "遵化",
    "迁安",
    "玉田",
    "乐亭",
    "迁西",
    "滦南",
    "芦台",
    "汉沽",
    "海港",
    "高新区",
    "南堡",
]
SUBJECTS = [
    "电子政务",
    "智慧城市",
    "政务服务",
    "门户网站",
    "数据共享交换平台",
    "应急指挥",
    "档案数字化",
    "燃气锅炉",
    "办公楼",
    "视频会议系统",
    "网络安全等级保护",
    "便民热线",
    "营商环境",
    "信息公开",
    "地方志",
    "机要通信",
    "公务用车",
    "值班值守",
    "接待服务",
    "招商引资",
    "行政审批",
    "财务管理",
    "人才培训",
    "法律顾问",
    "疫情防控",
    "安全生产",
    "防汛抗旱",
    "乡村振兴",
    "京津冀协同发展",
    "驻京联络",
]
ACTIONS = [
    "运行维护费",
    "专项业务费",
    "建设运营",
    "升级改造经费",
    "维保费",
    "租赁费",
    "工作经费",
    "购置经费",
    "测评经费",
    "宣传经费",
    "培训费",
    "印刷费",
    "咨询服务费",
    "设施零星维修费",
    "一期建设",
    "二期建设",
]
UNIT_KINDS = [
    "本级",
    "（参公{n}户）",
    "（全额事业{n}户）",
    "（差额事业{n}户）",
    "服务中心",
    "信息中心",
    "接待处",
    "档案馆",
    "研究室",
    "驻京办事处",
]
INDICATORS = [
    ("产出指标", "数量指标", "{s}完成数量", "完成{s}相关工作任务数量", "≥{n}项", "年度工作计划"),
    ("产出指标", "质量指标", "{s}验收合格率", "{s}通过验收的比例", "100%", "行业标准"),
    ("产出指标", "时效指标", "完成时限", "{s}按期完成", "{y}年12月31日", "全年工作计划"),
    ("产出指标", "成本指标", "预算执行率", "预算资金实际支出占预算数的比例", "≥90%", "财政部门要求"),
    ("效益指标", "社会效益指标", "服务保障水平", "{s}保障{p}政务工作正常运转", "有效提升", "历史数据"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "{p}干部群众对{s}的满意程度", "≥90%", "问卷调查"),
]
B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def synthetic(projects: int = 5000, units: int = 20, seed: int = 2023) -> model.Disclosure:
    """A made-up department of `projects` projects in `units` funding units (deterministic)."""
    rnd = random.Random(seed)
    unit_list = []
    for i in range(units):
        kind = UNIT_KINDS[i % len(UNIT_KINDS)].format(n=rnd.randint(2, 6))
        unit_list.append(model.Unit(code=f"{113001 + i}", name=f"唐山市{PLACES[i % len(PLACES)]}人民政府办公室{kind}"))
    items = []
    for seq in range(1, projects + 1):
        place, subject, action = rnd.choice(PLACES), rnd.choice(SUBJECTS), rnd.choice(ACTIONS)
        name = f"{place}{subject}{action}" if rnd.random() < 0.6 else f"{subject}{action}"
        code = (
            "13020023P" + "".join(rnd.choice(B36) for _ in range(6)) + f"1{rnd.randint(0, 9999):04d}" + rnd.choice(B36)
        )
        total = Decimal(rnd.randint(100, 5_000_000)) / 100
        n = rnd.randint(1, 50)
        indicators = [
            model.Indicator(*(cell.format(s=subject, p=place, n=n, y=2023) for cell in row)) for row in INDICATORS
        ]
        items.append(
            model.Project(
                seq=seq,
                code=code,
                name=name,
                unit=rnd.choice(unit_list).code,
                budget=model.Budget(total=total, fiscal=total),
                purpose=f"用于{place}{subject}{action}",
                spending_plan=model.SpendingPlan(dec=Decimal(100)),
                goals=[
                    f"1.做好{place}{subject}相关工作，保障{action.removesuffix('费')}按期完成。",
                    f"2.提升{subject}服务水平，保障单位业务正常开展。",
                ],
                indicators=indicators,
            )
        )
    dept = model.Department(
        name="唐山市合成测试部门",
        year=2023,
        title="2023年部门预算绩效文本（合成数据）",
        status="草案",
        compiled_by="唐山市合成测试部门",
        reviewed_by="唐山市财政局",
        publication=model.Publication(
            index_no="000000000/2023-00001", publisher="唐山市合成测试部门", disclosure="主动公开"
        ),
        overall_goal=["合成数据，用于检验搜索在大规模部门下的表现。"],
        item_goals=["1、做好各项工作。"],
        measures=["1、狠抓落实。"],
    )
    site = model.Site(title="合成", host="合成", contact="", site_code="", icp="", police_record="", domain="")
    return model.Disclosure(site=site, years=[model.Year(department=dept, units=unit_list, projects=items)])


SEED_QUERIES = [
    "锅炉",
    "网站",
    "P0058FK",
    "智慧唐山一期建设",
    "電子政務",
    "驻京办",
    "参公",
    "电子政务 网站",
    "经费",
    "没有这个词",
    "驻京半",
    "电子政物",
    "zhujingban",
    "zhu jing ban",
    "zjb",
    "dzzw",
    "zjb 租赁",
    "安全",
    "出国",
    "网络安全经费",
    "燃气锅炉保养",
]


def synthetic_queries(disclosure: model.Disclosure) -> list[str]:
    code = disclosure.latest.projects[100].code
    return [
        "锅炉",
        "网站",
        code[8:15],
        "智慧城市一期建设",
        "電子政務",
        "驻京",
        "参公",
        "电子政务 运行维护",
        "经费",
        "没有这个词",
        "智慧城是",
        "电子正务运行",
        "zhihuichengshi",
        "zhi hui cheng shi",
        "zhcs",
        "dzzw",
        "jjjxt",
        "zhcs 维保",
        "tangshan weibao",
        "保障",
        "出国",
        "网安 测评",
        "公车维修",
        "智慧城市保养",
    ]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served_page(site: Path):
    """The 2023 overview of `site`, served over HTTP, in Debian's Chromium with the tests' flags."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/2023/")
            yield page
            browser.close()
    finally:
        server.shutdown()


def measure(site: Path, queries: list[str], runs: int) -> dict:
    """Index load time and per-query median latency of window.budgetSearch.search in Chromium."""
    with served_page(site) as page:
        load_ms = page.evaluate(
            "async () => { const t = performance.now(); await window.budgetSearch.ready(); "
            "return performance.now() - t; }"
        )
        timings = page.evaluate(
            """async ([queries, runs]) => {
            const out = {};
            for (const q of queries) {
              const times = [], shown = []; let count = 0;
              for (let i = 0; i < runs; i++) {
                let t = performance.now();
                count = (await window.budgetSearch.search(q)).length;
                times.push(performance.now() - t);
                t = performance.now();
                await window.budgetSearch.show(q);
                shown.push(performance.now() - t);
              }
              out[q] = [times, shown, count];
            }
            return out;
        }""",
            [queries, runs],
        )
    per_query = {q: (statistics.median(t), statistics.median(s), n) for q, (t, s, n) in timings.items()}
    return {
        "load_ms": load_ms,
        "per_query": per_query,
        "median_ms": statistics.median(x for t, _, _ in timings.values() for x in t),
        "median_shown_ms": statistics.median(x for _, s, _ in timings.values() for x in s),
    }


def _pad(text: str, width: int) -> str:
    """Left-align text in a terminal column, counting CJK characters as two columns."""
    return text + " " * max(1, width - sum(2 if ord(c) > 0x2E80 else 1 for c in text))


def pinyin_share(files: dict[str, Path]) -> tuple[int, int]:
    """(gzip bytes of the search download, gzip bytes it has without the pinyin table)."""
    total = sum(search.sizes(path)[1] for path in files.values())
    index = json.loads(files["index"].read_text(encoding="utf-8"))
    del index["pinyin"]
    text = json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return total, total - search.sizes(files["index"])[1] + len(gzip.compress(text, 9, mtime=0))


def report(label: str, files: dict[str, Path], result: dict, build_s: float, table_s: float) -> None:
    print(f"\n== {label} ==")
    for path in files.values():
        raw, gz = search.sizes(path)
        print(f"  search/{path.name:<11} {raw / 1024:9.1f} KiB raw  {gz / 1024:8.1f} KiB gzip")
    total, without = pinyin_share(files)
    print(
        f"  search download        {total / 1024:8.1f} KiB gzip; without the pinyin table {without / 1024:.1f} KiB: "
        f"the table adds {(total - without) / 1024:.1f} KiB (+{(total - without) / without:.1%})"
    )
    print(f"  index build (Python)   {build_s * 1000:8.0f} ms, of which the pinyin table {table_s * 1000:.0f} ms")
    print(f"  index load in Chromium {result['load_ms']:8.0f} ms (fetch + parse + lunr.Index.load)")
    print(f"  {_pad('query (median of runs)', 26)} search   +render  results")
    for q, (ms, shown, n) in result["per_query"].items():
        print(f"  {_pad(q, 26)}{ms:7.2f} ms  {shown:7.2f} ms  {n:6d}")
    print(
        f"  median query latency   {result['median_ms']:7.2f} ms search, {result['median_shown_ms']:.2f} ms with "
        "rendering (plus the 120 ms typing debounce)"
    )


def evaluate(site: Path) -> None:
    """The query set of tests/search_queries.py on the seed: recall, precision@10, first result right."""
    docs = json.loads((site / "search/index.json").read_text(encoding="utf-8"))["docs"]
    bodies = json.loads((site / "search/body.json").read_text(encoding="utf-8"))["body"]
    sets = {
        "today's queries": search_queries.EXACT,
        "homophone typos": list(search_queries.HOMOPHONES),
        "full pinyin": list(search_queries.PINYIN),
        "initials": list(search_queries.INITIALS),
        "thesaurus": list(search_queries.THESAURUS),
    }
    forgiving = ("homophone typos", "full pinyin", "initials")
    with served_page(site) as page:
        ranked = page.evaluate(
            """async qs => { const o = {};
            for (const q of qs) o[q] = (await window.budgetSearch.search(q)).map(r => r.ref); return o; }""",
            [q for qs in sets.values() for q in qs],
        )
    print("\n== query set on the seed (tests/search_queries.py) ==")
    for name, queries in [*sets.items(), ("all forgiving", [q for k in forgiving for q in sets[k]])]:
        s = search_queries.summary([search_queries.judge(docs, bodies, q, ranked[q]) for q in queries])
        print(
            f"  {_pad(name, 18)} {s['queries']:3d} queries  recall {s['recall']:.3f}  "
            f"precision@10 {s['precision']:.3f}  first result right {s['first']}/{s['queries']}"
        )


def main() -> None:
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "seed"
        root.mkdir()
        shutil.copytree(REPO / "content", root / "content")
        site = build(root)
        disclosure = load(root / "content")
        start = time.perf_counter()
        files = search.write(disclosure, site)
        seed_s = time.perf_counter() - start
        report(
            f"seed: {len(disclosure.latest.projects)} projects",
            files,
            measure(site, SEED_QUERIES, args.runs),
            seed_s,
            table_time(disclosure),
        )
        evaluate(site)

        big = synthetic(args.projects)
        big_site = Path(tmp) / "synthetic"
        shutil.copytree(site, big_site)
        start = time.perf_counter()
        files = search.write(big, big_site)
        big_s = time.perf_counter() - start
        report(
            f"synthetic: {args.projects} projects, {len(big.latest.units)} units",
            files,
            measure(big_site, synthetic_queries(big), args.runs),
            big_s,
            table_time(big),
        )


def table_time(disclosure: model.Disclosure) -> float:
    """Seconds to make the pinyin table (pypinyin already loaded by the write before)."""
    import time

    docs = search.documents(disclosure)
    start = time.perf_counter()
    search.pinyin_table(docs)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
