/*
 * Names typed in pinyin without converting (readings from index.json `pinyin`, made with pypinyin):
 * a query of letters only also matches names and units spelt in pinyin, each character in full
 * (zhujingban, zhu jing ban) or by its initial (zjb, zhjb), the last one possibly cut short; at
 * least 2 characters in full or 3 with initials. A match nearer the start of a name ranks higher
 * (people type names from the start).
 */

import { byYearRankRef, exact, rankClass } from "./match.js";
import { words } from "./tokens.js";

export const PINYIN_CLASSES = ["名称拼音匹配", "名称首字母匹配", "单位拼音匹配"];
const LONGEST = 200;  // letters: longer than any name could spell, so not pinyin

// A query (normalised) typed as pinyin: letters only; spaces and apostrophes between syllables
// are dropped. "" when it is not pinyin.
export function pinyinOf(query) {
  const text = words(query).join(" ");
  const letters = /^[a-z][a-z' ]*$/.test(text) ? text.replace(/[' ]/g, "") : "";
  return letters.length <= LONGEST ? letters : "";
}

// Whether a character has a reading that begins with `letter`.
function readsFrom(index, ch, letter) {
  const readings = index.readings.get(ch);
  return !!readings && readings.some((s) => s[0] === letter);
}

// The first place where `chars` spell the pinyin `q`: each character by a reading in full, by
// its initial (z or zh for zhu), or — the last one — by the start of a reading. At least 2
// characters all in full, or 3 otherwise. A match all in full beats an earlier abbreviated one.
// Returns {start, end, full} or null.
export function pinyinMatch(index, chars, q) {
  let best = null;
  let failed = null;  // (position, letters read, all in full) known not to lead to a match
  const from = (start, k, j, full) => {
    const n = k - start;
    if (j === q.length) return (full ? n >= 2 : n >= 3) ? { start: start, end: k, full: full } : null;
    const key = (k * 256 + j) * 2 + (full ? 1 : 0);  // j ≤ LONGEST
    if (k >= chars.length || (failed && failed.has(key))) return null;
    const readings = index.readings.get(chars[k]) || [];
    let m = null;
    for (let i = 0; i < readings.length && !m; i++) {
      const s = readings[i];
      if (s[0] !== q[j]) continue;
      if (q.startsWith(s, j)) m = from(start, k + 1, j + s.length, full);
      if (!m && q.length - j < s.length && s.startsWith(q.slice(j)) && n + 1 >= 3) m = { start: start, end: k + 1, full: false };
      if (!m && s.length > 1) m = from(start, k + 1, j + 1, false);
      if (!m && /^[zcs]h/.test(s) && q[j + 1] === "h") m = from(start, k + 1, j + 2, false);
    }
    if (!m) (failed = failed || new Set()).add(key);
    return m;
  };
  for (let start = 0; start < chars.length && !(best && best.full); start++) {
    if (!readsFrom(index, chars[start], q[0])) continue;  // most characters: not even the first letter
    failed = null;
    const m = from(start, start, 0, true);
    if (m && (!best || m.full)) best = m;
  }
  return best;
}

// Where a document's name spells the pinyin `q` (rank 0 all in full, 1 with initials), or else its
// unit (rank 2; `unitMatches` keeps each unit's match for the query): {rank, span} or null.
function spells(index, doc, q, unitMatches) {
  doc.chars = doc.chars || Array.from(doc.n.name);  // the first pinyin query splits the names
  let m = pinyinMatch(index, doc.chars, q);
  if (m) return { rank: m.full ? 0 : 1, span: { field: "name", start: m.start, end: m.end } };
  if (!unitMatches.has(doc.unit)) unitMatches.set(doc.unit, pinyinMatch(index, Array.from(index.normalise(doc.unit)), q));
  m = unitMatches.get(doc.unit);
  return m && { rank: 2, span: { field: "unit", start: m.start, end: m.end } };
}

// Documents whose name (or else unit) spells the pinyin `q`, leaving out refs in `exclude`.
export function pinyinFind(index, q, exclude) {
  const units = new Map();
  const results = [];
  index.docs.forEach((doc, ref) => {
    if (exclude.has(ref)) return;
    const s = spells(index, doc, q, units);
    if (s) results.push({ ref: ref, doc: doc, rank: s.rank, tag: PINYIN_CLASSES[s.rank], terms: [], span: s.span });
  });
  return results.sort(byYearRankRef);
}

// Several words, some typed in pinyin ("zjb 租赁", "zhujingban zulin"), when nothing else is found:
// each word occurs as typed (in any field) or, letters only, spells part of the name or unit.
export function wordsFind(index, ts, exclude) {
  const typed = ts.filter((t) => /^[a-z']+$/.test(t));
  if (ts.length < 2 || !typed.length) return [];
  const literal = ts.filter((t) => typed.indexOf(t) < 0);
  const within = literal.length ? new Set(exact(index, literal).map((r) => r.ref)) : null;
  const letters = typed.map((t) => t.replace(/'/g, "")).filter((q) => q.length <= LONGEST);
  if (letters.length < typed.length) return [];  // as pinyinOf: longer is not pinyin
  const units = typed.map(() => new Map());
  const results = [];
  index.docs.forEach((doc, ref) => {
    if (exclude.has(ref) || (within && !within.has(ref))) return;
    let rank = 0;
    let span = null;
    for (let i = 0; i < typed.length; i++) {
      if (rankClass(index, ref, typed[i]) >= 0) continue;
      const s = spells(index, doc, letters[i], units[i]);
      if (!s) return;
      rank = Math.max(rank, s.rank);
      span = span || s.span;
    }
    results.push({ ref: ref, doc: doc, rank: rank, tag: PINYIN_CLASSES[rank], terms: literal, span: span });
  });
  return results.sort(byYearRankRef);
}
