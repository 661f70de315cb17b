// Names typed in pinyin or initials, on the seed's index.

import assert from "node:assert/strict";
import { test } from "node:test";

import { find, pinyinMatch, pinyinOf, seedIndex } from "./seed.js";

const index = seedIndex();
const LIAISON = ["驻京办对外联络和招商引资工作经费", "驻京办房屋租赁费及物业维修费", "驻京办专项业务费"];
const found = (query) => find(index, query).rows.map((r) => [r.doc.title, r.tag]);

test("a query of letters is pinyin: spaces and apostrophes dropped, not too long", () => {
  assert.equal(pinyinOf("zhu jing ban"), "zhujingban");
  assert.equal(pinyinOf("zhu'jing'ban"), "zhujingban");
  assert.equal(pinyinOf("zjb 租赁"), "");
  assert.equal(pinyinOf("p0058"), "");
  assert.equal(pinyinOf("a".repeat(201)), "");
});

test("pinyin matches characters in full, by initials, and the last one cut short", () => {
  const chars = Array.from("驻京办专项业务费");
  assert.deepEqual(pinyinMatch(index, chars, "zhujingban"), { start: 0, end: 3, full: true });
  assert.deepEqual(pinyinMatch(index, chars, "zjb"), { start: 0, end: 3, full: false });
  assert.deepEqual(pinyinMatch(index, chars, "zhjb"), { start: 0, end: 3, full: false });
  assert.deepEqual(pinyinMatch(index, chars, "zhujingb"), { start: 0, end: 3, full: false });
  assert.deepEqual(pinyinMatch(index, chars, "zhuanxiang"), { start: 3, end: 5, full: true });
  assert.equal(pinyinMatch(index, chars, "zj"), null);  // two initials are too few to mean anything
});

test("full pinyin finds the names in a group of their own", () => {
  for (const query of ["zhujingban", "ZhuJingBan", "zhu'jing'ban", "zjb", "zhujingb"]) {
    const result = find(index, query);
    assert.deepEqual(result.rows.map((r) => r.doc.title).sort(), LIAISON.slice().sort(), query);
    assert.equal(result.groups[1].kind, "pinyin");
    assert.ok(result.rows.every((r) => r.group === 1 && r.span.field === "name" && r.span.start === 0));
  }
});

test("pinyin of a unit finds the unit, then its projects", () => {
  const rows = found("cangong");
  assert.deepEqual(rows[0], ["唐山市人民政府办公室（参公4户）", "名称拼音匹配"]);
  assert.equal(rows.filter((r) => r[1] === "单位拼音匹配").length, 21);
});

test("words in pinyin beside other words each find their part", () => {
  assert.deepEqual(found("zjb 租赁"), [["驻京办房屋租赁费及物业维修费", "名称首字母匹配"]]);
  assert.deepEqual(found("zhujingban zulin"), [["驻京办房屋租赁费及物业维修费", "名称拼音匹配"]]);
  assert.deepEqual(found("113010 zjb").map((r) => r[0]), LIAISON);
  assert.deepEqual(found("zjb guolu"), []);
  assert.deepEqual(found("zjb zl"), []);
});
