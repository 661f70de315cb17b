/*
 * When a query finds nothing at all: the names closest to it — of projects, units and overviews
 * whose name or code holds at least half of the query's pieces (two-character pieces of Chinese,
 * three-character pieces of codes), most pieces first, then the newest year.
 */

import { queryTokens } from "./tokens.js";

const NEAREST = 3;

// At most NEAREST rows {ref, doc} with different names.
export function nearestNames(index, ts) {
  const pieces = new Set();
  ts.forEach((t) => queryTokens(t).forEach((w) => { if (!w.prefix && Array.from(w.token).length > 1) pieces.add(w.token); }));
  const score = new Map();
  pieces.forEach((piece) => {
    const posting = index.idx.invertedIndex[piece];
    if (!posting) return;
    const refs = new Set(Object.keys(posting.name || {}).concat(Object.keys(posting.code || {})));
    refs.forEach((ref) => score.set(Number(ref), (score.get(Number(ref)) || 0) + 1));
  });
  const enough = Math.max(1, Math.ceil(pieces.size / 2));
  const names = new Set();
  return Array.from(score.keys())
    .filter((ref) => score.get(ref) >= enough)
    .sort((a, b) => score.get(b) - score.get(a) || index.docs[b].year - index.docs[a].year || a - b)
    .filter((ref) => !names.has(index.docs[ref].title) && names.add(index.docs[ref].title))
    .slice(0, NEAREST)
    .map((ref) => ({ ref: ref, doc: index.docs[ref] }));
}
