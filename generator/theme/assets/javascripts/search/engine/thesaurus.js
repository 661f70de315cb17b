/*
 * Words that stand for each other (search/index.json `thesaurus`: generator/thesaurus.yml and the
 * site's own groups): a query word that is, or holds, a word of a group is tried again with each
 * other word of the group (公车 → 公务用车; 网络安全经费 → 等保 经费: the rest of the word kept as
 * words of its own). What those find and the query did not is listed in a group of its own.
 */

import { byYearRankRef, exact } from "./match.js";
import { terms } from "./tokens.js";

const COMBOS = 12;  // at most this many rewordings of a query are searched

// Whether `term` is, or holds, the group word `w` (one character only counts as the whole term).
function holds(term, w) {
  return term === w.n || (Array.from(w.n).length >= 2 && term.indexOf(w.n) >= 0);
}

// The rewordings of a term: for each group it holds a word of (the longest), that word replaced by
// each other word of the group that is not just a longer form of it. Each: {term, terms, from, to}.
export function alternatives(index, term) {
  const out = [];
  const seen = new Set([term]);
  index.thesaurus.forEach((group) => {
    const held = group.filter((w) => holds(term, w));
    if (!held.length) return;
    const from = held.reduce((a, b) => (b.n.length > a.n.length ? b : a));
    const at = term.indexOf(from.n);
    group.forEach((to) => {
      if (to.n.indexOf(from.n) >= 0) return;  // itself, or a longer word holding it: found already
      const ts = terms(term.slice(0, at) + " " + to.n + " " + term.slice(at + from.n.length));
      const key = ts.join(" ");
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ term: term, terms: ts, from: from, to: to });
    });
  });
  return out;
}

/*
 * The documents the rewordings of the query terms `ts` find, leaving out refs in `exclude`, ranked
 * as exact results: {rows, used, known}; used: Map of each group word replaced → the words that
 * found something; known: the terms whose rewordings found something (words, not typos).
 */
export function thesaurusFind(index, ts, exclude) {
  let combos = [{ terms: [], swaps: [] }];
  const known = new Set();
  ts.forEach((t) => {
    const options = [{ terms: [t], swap: null }].concat(alternatives(index, t).map((a) => ({ terms: a.terms, swap: a })));
    const next = [];
    combos.forEach((c) => {
      options.forEach((o) => next.push({ terms: c.terms.concat(o.terms), swaps: o.swap ? c.swaps.concat(o.swap) : c.swaps }));
    });
    combos = next.sort((a, b) => a.swaps.length - b.swaps.length).slice(0, 3 * COMBOS);
  });
  const rows = [];
  const used = new Map();
  const taken = new Set(exclude);
  combos.filter((c) => c.swaps.length).slice(0, COMBOS).forEach((c) => {
    const found = exact(index, c.terms).filter((r) => !taken.has(r.ref));
    if (!found.length) return;
    found.forEach((r) => {
      taken.add(r.ref);
      rows.push(r);
    });
    c.swaps.forEach((s) => {
      known.add(s.term);
      if (!used.has(s.from.text)) used.set(s.from.text, []);
      if (used.get(s.from.text).indexOf(s.to.text) < 0) used.get(s.from.text).push(s.to.text);
    });
  });
  return { rows: rows.sort(byYearRankRef), used: used, known: known };
}
