// Normalisation and query tokens: the browser's rules are the build's (tests/search_text.json,
// whose Python side tests/test_search.py checks), so every query finds what the index holds.

import assert from "node:assert/strict";
import { test } from "node:test";

import { TEXT, normaliser, queryTokens, seedIndex, terms } from "./seed.js";

const normalise = seedIndex().normalise;  // with the traditional → simplified table the build ships

test("normalise gives what the build's normalise gives", () => {
  assert.ok(TEXT.length >= 20);
  for (const c of TEXT) assert.equal(normalise(c.text), c.normalised, c.text);
});

test("normalise keeps one character per character", () => {
  for (const c of TEXT) assert.equal(Array.from(normalise(c.text)).length, Array.from(c.text).length, c.text);
});

test("normalise without a table still folds width and case", () => {
  assert.equal(normaliser(["", ""])("Ｐ００５８ＦＫ　AB"), "p0058fk ab");
});

test("query tokens are the table's", () => {
  for (const c of TEXT) {
    assert.deepEqual(queryTokens(normalise(c.text)).map((t) => [t.token, t.prefix]), c.query_tokens, c.text);
  }
});

test("every query token of a text is among the tokens the build indexes for it", () => {
  let checked = 0;
  for (const c of TEXT) {
    for (const t of queryTokens(normalise(c.text))) {
      const held = t.prefix ? c.index_tokens.some((i) => i.startsWith(t.token)) : c.index_tokens.includes(t.token);
      assert.ok(held, `${c.text}: ${t.token}`);
      checked++;
    }
  }
  assert.ok(checked > 50);
});

test("query tokens need bigrams, trigrams or a short prefix", () => {
  const tokens = (text) => queryTokens(normalise(text)).map((t) => [t.token, t.prefix]);
  assert.deepEqual(tokens("锅炉"), [["锅炉", false]]);
  assert.deepEqual(tokens("锅"), [["锅", false]]);
  assert.deepEqual(tokens("P0058"), [["p00", false], ["005", false], ["058", false]]);
  assert.deepEqual(tokens("2p"), [["2p", true]]);
  assert.deepEqual(tokens("* + - : ~ ^"), []);
});

test("terms are the words that have tokens, each once; quotation marks part words", () => {
  assert.deepEqual(terms(normalise("驻京办  驻京办 * 网站")), ["驻京办", "网站"]);
  assert.deepEqual(terms(normalise("“三个努力建成”工作经费")), ["三个努力建成", "工作经费"]);
  assert.deepEqual(terms(normalise('"驻京办"')), ["驻京办"]);
  assert.deepEqual(terms(""), []);
});
