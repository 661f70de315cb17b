// The budget thesaurus (generator/thesaurus.yml, extendable in content/site.yml): a word, or a word
// holding one of a group, is tried again with the other words of its group.

import assert from "node:assert/strict";
import { test } from "node:test";

import { alternatives, changedIndex, find, seedIndex } from "./seed.js";

const index = seedIndex();
const rewordings = (term) => alternatives(index, index.normalise(term)).map((a) => a.terms.join(" "));
const groups = (query) => find(index, query).groups.map((g) => g.caption || g.kind);
const titles = (query, kind) => {
  const result = find(index, query);
  return result.rows.filter((r) => result.groups[r.group].kind === kind).map((r) => r.doc.title);
};

test("the shipped thesaurus holds the 三公经费, meeting, training, travel and network security words", () => {
  const words = new Set(index.thesaurus.flat().map((w) => w.text));
  for (const word of ["因公出国（境）", "出访", "公务用车", "公车", "公务接待", "会议", "培训", "差旅", "网络安全", "等保", "等级保护"]) {
    assert.ok(words.has(word), word);
  }
});

test("a word of a group is replaced by each other word, not by longer words holding it", () => {
  const out = rewordings("出国");
  assert.ok(out.includes("出访") && out.includes("出境") && out.includes("因公出境"), out.join());
  assert.ok(!out.includes("因公出国") && !out.includes("因公出国(境)") && !out.includes("出国"));  // hold 出国: nothing new
  assert.deepEqual(rewordings("没有这个词"), []);
});

test("a word holding a word of a group keeps the rest as words of its own", () => {
  assert.ok(rewordings("网络安全经费").includes("等保 经费"));
  assert.ok(rewordings("锅炉维修").includes("锅炉 维保"));
  assert.ok(rewordings("公车维修").includes("公务用车 维修") && rewordings("公车维修").includes("公车 维保"));
});

test("one character of a group only counts as the whole word", () => {
  const one = changedIndex((file) => { file.thesaurus = [["舟", "船"]]; });
  assert.deepEqual(alternatives(one, "舟").map((a) => a.terms), [["船"]]);
  assert.deepEqual(alternatives(one, "龙舟"), []);
});

test("出国 and 网络安全 find 因公出访 and 等保测评 in the group 按近义词找到", () => {
  assert.deepEqual(groups("出国"), ["exact", "按近义词找到（“出国”的近义词：出访）"]);
  assert.deepEqual(titles("出国", "thesaurus"), ["因公出访人员办理护照和签证手续专项经费"]);
  assert.deepEqual(groups("网络安全"), ["exact", "按近义词找到（“网络安全”的近义词：等保）"]);
  assert.deepEqual(titles("网络安全", "thesaurus"), ["等保测评经费"]);
  const row = find(index, "网络安全经费").rows[0];
  assert.deepEqual([row.doc.title, row.terms], ["等保测评经费", ["等保", "经费"]]);  // the words marked
});

test("thesaurus results follow the exact ones and repeat none of them", () => {
  const result = find(index, "维修");
  const exact = result.rows.filter((r) => r.group === 0).map((r) => r.ref);
  const synonyms = result.rows.filter((r) => result.groups[r.group].kind === "thesaurus");
  assert.ok(exact.length > 0 && synonyms.length > 0);
  assert.ok(synonyms.every((r) => !exact.includes(r.ref) && r.doc.title.includes("维保")));
  assert.deepEqual(result.rows.map((r) => r.group), result.rows.map((r) => r.group).sort());
});

test("a thesaurus word is not taken for a typo of a same-sounding word", () => {
  assert.deepEqual(find(index, "出境").suggestions, []);  // not 处经 (in 管理处经费)
  assert.deepEqual(find(index, "驻京半").suggestions.map((s) => s.query), ["驻京办"]);
});

test("a site's own groups are searched like the shipped ones", () => {
  const site = changedIndex((file) => { file.thesaurus.push(["热水炉", "锅炉"]); });
  const result = find(site, "热水炉");
  assert.deepEqual(result.groups[1].caption, "按近义词找到（“热水炉”的近义词：锅炉）");
  assert.deepEqual(result.rows.map((r) => r.doc.title), ["燃气锅炉维保费"]);
});

test("pinyin queries are not reworded", () => {
  assert.ok(find(index, "zhujingban").groups.every((g) => g.kind !== "thesaurus"));
});
