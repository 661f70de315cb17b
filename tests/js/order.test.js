// The order of a sorted table (theme assets/javascripts/tables/order.js): numbers as numbers,
// Chinese names in pinyin order, codes character by character, empty cells last, equal keys in
// the document's order, and the click cycle that returns to the document's order.

import assert from "node:assert/strict";
import { test } from "node:test";

import { chineseCollator, comparable, hundredths, next, order, ranks, sortKey } from
  "../../generator/theme/assets/javascripts/tables/order.js";

const collator = chineseCollator();
const sorted = (texts, kind, direction) => order(comparable(texts, kind, collator), direction).map((i) => texts[i]);

test("amounts compare as numbers, not as text", () => {
  const amounts = ["9.50", "2901.00", "10.00", "455.71", "70.00", "0.01"];
  assert.deepEqual(sorted(amounts, "number", "descending"), ["2901.00", "455.71", "70.00", "10.00", "9.50", "0.01"]);
  assert.deepEqual(sorted(amounts, "number", "ascending"), ["0.01", "9.50", "10.00", "70.00", "455.71", "2901.00"]);
});

test("amounts in hundredths are exact integers; shares, signs and thousands separators are read", () => {
  assert.equal(hundredths("2901.00"), 290100);
  assert.equal(hundredths("0.07"), 7);
  assert.equal(hundredths("61.71%"), 6171);
  assert.equal(hundredths("1,234.5"), 123450);
  assert.equal(hundredths("-3"), -300);
  assert.equal(hundredths("12 万元"), 1200);
  assert.equal(hundredths("未填写"), null);
  // more than two decimals still order correctly
  assert.ok(hundredths("1.005") > hundredths("1.00") && hundredths("1.005") < hundredths("1.01"));
  // large amounts keep their order to the cent
  assert.ok(hundredths("9999999999.99") < hundredths("10000000000.00"));
});

test("equal keys keep the document's order in both directions (stable)", () => {
  const amounts = ["70.00", "1.00", "70.00", "70.00", "2.00"];
  const keys = comparable(amounts, "number", collator);
  assert.deepEqual(order(keys, "descending"), [0, 2, 3, 4, 1]);
  assert.deepEqual(order(keys, "ascending"), [1, 4, 0, 2, 3]);
});

test("empty cells come last whichever the direction", () => {
  const values = ["—", "5.00", "", "7.00"];
  assert.deepEqual(sorted(values, "number", "descending"), ["7.00", "5.00", "—", ""]);
  assert.deepEqual(sorted(values, "number", "ascending"), ["5.00", "7.00", "—", ""]);
  assert.equal(sortKey("  —  ", "text"), null);
});

test("Chinese names sort in pinyin order, digits inside names as numbers", () => {
  const names = ["智慧唐山一期建设运营", "阿拉善项目", "电子政务中心网站维护", "军事训练基地经费", "项目10", "项目2", "政府办印刷费"];
  assert.deepEqual(sorted(names, "text", "ascending"),
    ["阿拉善项目", "电子政务中心网站维护", "军事训练基地经费", "项目2", "项目10", "政府办印刷费", "智慧唐山一期建设运营"]);
  assert.deepEqual(sorted(names, "text", "descending"), sorted(names, "text", "ascending").reverse());
});

test("a name repeated on many rows gets one rank, so equal names keep the document's order", () => {
  const units = ["本级", "参公", "本级", "全额", "参公"];
  assert.deepEqual(ranks(units, collator), [0, 1, 0, 2, 1]);
  assert.deepEqual(order(ranks(units, collator), "ascending"), [0, 2, 1, 4, 3]);
});

test("codes sort character by character", () => {
  const codes = ["13020023P00F44B10002M", "13020023P0058FK10002P", "13020023P00684111652T", "113001"];
  assert.deepEqual(sorted(codes, "code", "ascending"),
    ["113001", "13020023P0058FK10002P", "13020023P00684111652T", "13020023P00F44B10002M"]);
});

test("a click sorts the largest amount or the first name first, then the other way, then the document's order", () => {
  let state = next(null, 4, "number");
  assert.deepEqual(state, { column: 4, direction: "descending" });
  state = next(state, 4, "number");
  assert.deepEqual(state, { column: 4, direction: "ascending" });
  assert.equal(next(state, 4, "number"), null);
  assert.deepEqual(next(null, 2, "text"), { column: 2, direction: "ascending" });
  assert.deepEqual(next(next(null, 2, "text"), 2, "text"), { column: 2, direction: "descending" });
  // another column starts in its own first direction
  assert.deepEqual(next({ column: 4, direction: "ascending" }, 2, "text"), { column: 2, direction: "ascending" });
});
