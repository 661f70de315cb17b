/*
 * Same-sounding spellings: when a query of Han characters finds fewer than LITTLE results, each
 * character is replaced by indexed characters with the same reading (tone ignored) such that the
 * new spelling occurs in the index (every adjacent pair is an index bigram); the spellings that
 * find something are offered as "您是不是要找：…".
 */

import { IS_HAN } from "./normalise.js";
import { indexed } from "./index.js";
import { exact } from "./match.js";

export const LITTLE = 3;       // fewer exact results than this: look for same-sounding spellings
export const SUGGESTIONS = 3;  // at most this many "您是不是要找" spellings

// Spellings of `term` that sound the same and occur in the index, fewest changed characters first.
export function soundAlikes(index, term) {
  const chars = Array.from(term);
  const han = chars.map((ch) => IS_HAN.test(ch));
  if (han.filter(Boolean).length < 2) return [];  // one character is too short to guess from
  const options = chars.map((ch, k) => {
    if (!han[k]) return [ch];
    const out = indexed(index, ch) ? [ch] : [];
    (index.readings.get(ch) || []).forEach((s) => {
      index.sounds.get(s).forEach((c) => { if (out.indexOf(c) < 0) out.push(c); });
    });
    return out;
  });
  const found = [];
  const spelling = [];
  let steps = 0;
  const walk = (k, changed) => {
    if (found.length >= 20 || ++steps > 5000) return;
    if (k === chars.length) {
      if (changed) found.push({ term: spelling.join(""), changed: changed });
      return;
    }
    options[k].forEach((c) => {
      if (han[k] && k > 0 && han[k - 1] && !indexed(index, spelling[k - 1] + c)) return;
      spelling.push(c);
      walk(k + 1, changed + (c === chars[k] ? 0 : 1));
      spelling.pop();
    });
  };
  walk(0, 0);
  return found.sort((a, b) => a.changed - b.changed);
}

// "您是不是要找" queries for terms that find little: each weak term replaced by a same-sounding
// spelling; those that find something, fewest changes and then most results first. Terms in
// `known` (terms the thesaurus reworded into something found) are words, not typos: they are kept as typed.
// Each: {query, changed, results}.
export function suggest(index, ts, known) {
  const choices = ts.map((t) => {
    const weak = !(known && known.has(t)) && exact(index, [t]).length < LITTLE;
    const alikes = weak ? soundAlikes(index, t).slice(0, SUGGESTIONS) : [];
    return [{ term: t, changed: 0 }].concat(alikes);
  });
  let combos = [{ terms: [], changed: 0 }];
  choices.forEach((options) => {
    const next = [];
    combos.forEach((c) => {
      options.forEach((o) => next.push({ terms: c.terms.concat(o.term), changed: c.changed + o.changed }));
    });
    combos = next.sort((a, b) => a.changed - b.changed).slice(0, 3 * SUGGESTIONS);
  });
  return combos.filter((c) => c.changed > 0)
    .map((c) => ({ query: c.terms.join(" "), changed: c.changed, results: exact(index, c.terms) }))
    .filter((s) => s.results.length)
    .sort((a, b) => a.changed - b.changed || b.results.length - a.results.length)
    .slice(0, SUGGESTIONS);
}
