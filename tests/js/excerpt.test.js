// Excerpts: a result found in its body text shows about 40 characters around the word, as written,
// named by the field it comes from, with the words marked.

import assert from "node:assert/strict";
import { test } from "node:test";

import { changedIndex, chunks, excerpt, find, seedIndex } from "./seed.js";

const index = seedIndex();
const show = (quote) => quote.field + "：" + quote.chunks.map((c) => (c.mark ? "[" + c.text + "]" : c.text)).join("");
const text = (quote) => quote.chunks.map((c) => c.text).join("");
const bodyRows = (idx, query) => find(idx, query).rows.filter((r) => r.tag === "正文匹配");

test("安全 shows where each body match says it", () => {
  const rows = bodyRows(index, "安全");
  assert.equal(rows.length, 2);
  for (const r of rows) {
    const quote = excerpt(index, r.ref, r.terms);
    assert.equal(quote.field, "绩效指标");
    assert.ok(quote.chunks.some((c) => c.mark && c.text === "安全"), show(quote));
    assert.ok(Array.from(text(quote).replace(/…/g, "")).length <= 40, show(quote));
  }
});

test("the excerpt names the field: 资金用途, 绩效目标, 绩效指标, or the overview's", () => {
  const fields = new Set();
  for (const query of ["安全", "会议", "电子政务", "满意度", "保障"]) {
    for (const r of bodyRows(index, query)) fields.add(excerpt(index, r.ref, r.terms).field);
  }
  assert.ok(fields.has("绩效指标") && fields.has("绩效目标"), [...fields].join());
  assert.ok([...fields].every((f) => ["资金用途", "绩效目标", "绩效指标", "文件标题", "总体绩效目标", "分项绩效目标",
                                      "工作保障措施"].includes(f)), [...fields].join());
});

test("the excerpt is the text as written, cut with … on the sides cut off", () => {
  const body = changedIndex((file, bodies) => {
    bodies.body[0] = "第一行\n" + "甲".repeat(30) + "提升網絡服務水平，ABC&<b>" + "乙".repeat(30);
    bodies.parts[0] = [0, 1, 1, 1];
  });
  const quote = excerpt(body, 0, ["网络服务", "abc"]);
  assert.equal(quote.field, body.fields[1]);
  assert.equal(show(quote), body.fields[1] + "：…" + "甲".repeat(10) + "提升[網絡服務]水平，[ABC]&<b>" + "乙".repeat(14) + "…");
  assert.equal(Array.from(text(quote)).length, 42);
});

test("a word near the start of a short line gives the whole line", () => {
  const body = changedIndex((file, bodies) => {
    bodies.body[0] = "用于等保测评";
    bodies.parts[0] = [0, 1];
  });
  assert.equal(show(excerpt(body, 0, ["等保"])), body.fields[0] + "：用于[等保]测评");
});

test("characters outside the basic plane keep their places", () => {
  const body = changedIndex((file, bodies) => {
    bodies.body[0] = "𠀀𠀁用于等保𠀂测评";
    bodies.parts[0] = [0, 1];
  });
  assert.equal(show(excerpt(body, 0, ["等保"])), body.fields[0] + "：𠀀𠀁用于[等保]𠀂测评");
});

test("a long word gets an excerpt long enough to show it", () => {
  const word = "测".repeat(60);
  const body = changedIndex((file, bodies) => {
    bodies.body[0] = "前言" + word + "后记";
    bodies.parts[0] = [0, 1];
  });
  assert.ok(text(excerpt(body, 0, [word])).includes(word));
});

test("no excerpt when the body holds none of the words", () => {
  assert.equal(excerpt(index, 0, ["没有这个词"]), null);
});

test("chunks mark every occurrence and a span", () => {
  const parts = chunks(Array.from("驻京办驻京"), Array.from("驻京办驻京"), ["驻京"], { start: 2, end: 3 });
  assert.deepEqual(parts, [{ text: "驻京办驻京", mark: true }]);
  assert.deepEqual(chunks(Array.from("ab"), Array.from("ab"), [], null), [{ text: "ab", mark: false }]);
});
