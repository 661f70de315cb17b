// Same-sounding spellings of a query that finds little (a pinyin input method's wrong pick), on the seed's index.

import assert from "node:assert/strict";
import { test } from "node:test";

import { find, seedIndex, soundAlikes, suggest } from "./seed.js";

const index = seedIndex();
const LIAISON = ["驻京办对外联络和招商引资工作经费", "驻京办房屋租赁费及物业维修费", "驻京办专项业务费"];

test("same-sounding spellings that occur in the index, fewest changes first", () => {
  const alikes = soundAlikes(index, "驻京半").map((a) => a.term);
  assert.equal(alikes[0], "驻京办");
  assert.deepEqual(soundAlikes(index, "锅"), []);  // one character is too short to guess from
  const suggestions = suggest(index, ["电子政物"]);
  assert.deepEqual(suggestions.map((s) => [s.query, s.results.length]), [["电子政务", 7]]);  // 6 projects and the overview
});

test("a wrong homophone suggests the name and lists its results after the exact ones", () => {
  const result = find(index, "驻京半");
  assert.deepEqual(result.suggestions.map((s) => s.query), ["驻京办"]);
  assert.deepEqual(result.groups[1], { kind: "alike", caption: "“驻京办”的结果（与“驻京半”读音相同）" });
  assert.deepEqual(result.rows.filter((r) => r.doc.kind === "project").map((r) => r.doc.title), LIAISON);
  for (const query of ["驻京办", "经费", "锅"]) assert.deepEqual(find(index, query).suggestions, [], query);
});
