// Exact search on the seed's index: every fragment finds its project, only documents containing
// every word are kept, and the ranking classes.

import assert from "node:assert/strict";
import { test } from "node:test";

import { CLASSES, candidates, exact, find, IS_HAN, seedIndex } from "./seed.js";

const index = seedIndex();
const refs = (query) => find(index, query).rows.map((r) => r.ref);
const titles = (query) => find(index, query).rows.map((r) => r.doc.title);
const projects = (query) => find(index, query).rows.filter((r) => r.doc.kind === "project");

// A small seeded generator (mulberry32): the same sample on every run.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("every fragment of a name, code or unit finds its project", () => {
  const rnd = random(7);
  let checked = 0;
  index.docs.forEach((doc, ref) => {
    if (doc.kind !== "project") return;
    const fragments = new Set();
    for (const [text, minimum] of [[doc.title, 2], [doc.unit, 2], [doc.code, 4]]) {
      const chars = Array.from(text);
      for (let i = 0; i < chars.length; i++) {
        for (let j = i + minimum; j <= chars.length; j++) {
          const piece = chars.slice(i, j);
          const han = piece.filter((ch) => IS_HAN.test(ch)).length;
          if (han >= 2 || (han === 0 && piece.length >= 4)) fragments.add(piece.join(""));
        }
      }
    }
    const pool = Array.from(fragments).sort();
    for (let n = 0; n < 40 && pool.length; n++) {
      const piece = pool.splice(Math.floor(rnd() * pool.length), 1)[0];
      assert.ok(refs(piece).includes(ref), `${piece} → ${doc.title}`);
      checked++;
    }
  });
  assert.ok(checked > 1000, String(checked));
});

test("candidates hold every document containing the word, from lunr or the body", () => {
  const found = candidates(index, "电子政务");
  const names = index.docs.filter((d, ref) => d.n.name.includes("电子政务") || index.bodies[ref].includes("电子政务"));
  assert.ok(names.length > 6);
  assert.equal(names.filter((d) => !found.has(index.docs.indexOf(d))).length, 0);
});

test("traditional characters find simplified names", () => {
  const names = projects("電子政務").map((r) => r.doc.title);
  assert.ok(names.includes("电子政务专项工作经费"));
  assert.equal(names.length, 6);
  assert.ok(names.every((n) => n.includes("电子政务")));
});

test("a fragment in the middle of a code finds the project", () => {
  assert.deepEqual(titles("P0058FK"), ["智慧唐山一期建设运营"]);
  assert.deepEqual(titles("p0058fk"), ["智慧唐山一期建设运营"]);
});

test("only documents containing every word are listed", () => {
  assert.deepEqual(projects("电子政务 网站").map((r) => r.doc.title).sort(),
                   ["电子政务中心网站及网站群维护费", "电子政务政府网站普查费"].sort());
  assert.deepEqual(exact(index, ["锅炉", "驻京办"]), []);
});

test("results are ranked newest year, then exact name, name, code, unit, body", () => {
  const first = find(index, "全市工作会议").rows[0];
  assert.equal(first.doc.title, "全市工作会议");
  assert.equal(first.tag, "名称完全一致");
  for (const query of ["网站", "政务", "113010", "经费"]) {
    const ranks = find(index, query).rows.map((r) => CLASSES.indexOf(r.tag));
    assert.deepEqual(ranks, ranks.slice().sort((a, b) => a - b), query);
    assert.ok(ranks.length > 3 && ranks.every((r) => r >= 0), query);
  }
});

test("quotation marks part words like spaces", () => {
  assert.deepEqual(titles('"驻京办"'), titles("驻京办"));
  assert.deepEqual(titles("“驻京办”"), titles("驻京办"));
  const pasted = find(index, "“三个努力建成”工作经费").rows[0];
  assert.deepEqual([pasted.doc.title, pasted.tag], ["“三个努力建成”工作经费", "名称完全一致"]);
});

test("any input is searched without an error", () => {
  const odd = ["", " ", "*", "+", "-", ":", "~", "^", "\"", "\\", "* + - : ~ ^ \" \\", "锅炉~2", "+title:网站 -",
               "电".repeat(1000) + "x".repeat(1000), "𠀀", "\u0000", "a'b", "'''", "zh" + "a".repeat(300)];
  for (const query of odd) {
    const found = find(index, query);
    assert.ok(Array.isArray(found.rows), query);
  }
  assert.deepEqual(find(index, "锅炉~2").rows.map((r) => r.doc.title), []);
});
