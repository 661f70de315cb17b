// What a search finds as a whole: a unit page by its own name and code only, and the closest
// names when nothing at all is found.

import assert from "node:assert/strict";
import { test } from "node:test";

import { engine, find, nearestNames, seedIndex } from "./seed.js";

const index = seedIndex();
const kinds = (query) => find(index, query).rows.map((r) => r.doc.kind);

test("a unit is found by its own name and code, not by its projects' names", () => {
  assert.ok(!kinds("电子政务").includes("unit"));
  assert.ok(!kinds("锅炉").includes("unit"));
  const byName = find(index, "参公").rows[0];
  assert.deepEqual([byName.doc.kind, byName.tag], ["unit", "名称匹配"]);
  const byCode = find(index, "113010").rows[0];
  assert.deepEqual([byCode.doc.kind, byCode.tag], ["unit", "编码匹配"]);
});

test("a search that finds nothing names the closest names", () => {
  const names = (query) => find(index, query).nearest.map((n) => n.doc.title);
  assert.deepEqual(names("燃气锅炉保养"), ["燃气锅炉维保费"]);
  assert.deepEqual(names("锅炉 驻京办").sort(), ["驻京办专项业务费", "驻京办对外联络和招商引资工作经费", "驻京办房屋租赁费及物业维修费"].sort());
  assert.deepEqual(names("P0058FX"), ["智慧唐山一期建设运营"]);  // most of a code
  assert.deepEqual(names("没有这个词"), []);
  assert.deepEqual(names("驻京办"), []);  // found: nothing to suggest
});

test("closest names hold at least half the query's pieces, most first, each name once", () => {
  const ts = ["驻京办事处经费"];
  const nearest = nearestNames(index, ts);
  assert.equal(nearest[0].doc.title, "驻石家庄办事处经费");  // 办事, 事处, 处经, 经费
  assert.ok(nearest.length <= 3);
  assert.equal(new Set(nearest.map((n) => n.doc.title)).size, nearest.length);
});

test("engine.js, which the page imports when the search is first used, offers what the page calls", () => {
  assert.deepEqual(Object.keys(engine).sort(), ["CLASSES", "chunks", "excerpt", "find", "loadIndex", "queryTokens"]);
  assert.equal(engine.find(seedIndex(), "锅炉").rows[0].doc.title, "燃气锅炉维保费");
});
