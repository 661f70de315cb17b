// The journalists' query set (tests/search_queries.json, shared with the browser tests): every
// query finds every document it stands for, and the first result is one of them; the thesaurus
// queries find nothing as typed, and their words' synonyms in a group of their own.

import assert from "node:assert/strict";
import { test } from "node:test";

import { QUERIES, find, seedIndex } from "./seed.js";

const index = seedIndex();
const MEANING = Object.assign({}, QUERIES.homophones, QUERIES.pinyin, QUERIES.initials, QUERIES.thesaurus);

// Documents containing every word of what `query` stands for (in name, code or unit; or the body,
// unless the query is typed in pinyin: pinyin is not matched in body text).
function relevant(query, body) {
  const words = index.normalise(MEANING[query] || query).split(/\s+/);
  const contains = (doc, ref) => {
    const text = index.normalise([doc.title, doc.code, doc.unit_code || "", doc.unit].join(" "));
    return words.every((w) => text.includes(w) || (body && index.bodies[ref].includes(w)));
  };
  return new Set(index.docs.map((doc, ref) => (contains(doc, ref) ? ref : -1)).filter((ref) => ref >= 0));
}

function judge(query) {
  const typed = query in QUERIES.pinyin || query in QUERIES.initials;
  const wanted = relevant(query, !typed);
  const ranked = find(index, query).rows.map((r) => r.ref);
  const missed = Array.from(wanted).filter((ref) => !ranked.includes(ref));
  return { wanted: wanted.size, missed: missed, first: ranked.length > 0 && relevant(query, true).has(ranked[0]) };
}

for (const [name, queries] of [["exact", QUERIES.exact], ["homophones", Object.keys(QUERIES.homophones)],
                               ["pinyin", Object.keys(QUERIES.pinyin)], ["initials", Object.keys(QUERIES.initials)],
                               ["thesaurus", Object.keys(QUERIES.thesaurus)]]) {
  test(`${name} queries find everything they stand for, the first result among it`, () => {
    assert.ok(queries.length >= 12);
    for (const query of queries) {
      const j = judge(query);
      assert.ok(j.wanted > 0, `${query}: nothing to find`);
      assert.deepEqual(j.missed, [], `${query}: missed`);
      assert.ok(j.first, `${query}: first result`);
    }
  });
}

test("thesaurus queries find nothing as typed, everything under 按近义词找到", () => {
  for (const query of Object.keys(QUERIES.thesaurus)) {
    const result = find(index, query);
    assert.ok(result.rows.length > 0, query);
    assert.ok(result.rows.every((r) => result.groups[r.group].kind === "thesaurus"), query);
    assert.ok(result.groups[1].caption.startsWith("按近义词找到（"), query);
  }
});
