/*
 * Everything a query finds, in display order: the exact results, then those of forgiving readings
 * of the query — the thesaurus (engine/thesaurus.js), pinyin (engine/pinyin.js) or same-sounding
 * spellings (engine/homophones.js), each in a group of its own; when nothing at all is found, the
 * names closest to the query (engine/nearest.js).
 */

import { exact } from "./match.js";
import { LITTLE, suggest } from "./homophones.js";
import { nearestNames } from "./nearest.js";
import { pinyinFind, pinyinOf, wordsFind } from "./pinyin.js";
import { shorten } from "./shorten.js";
import { thesaurusFind } from "./thesaurus.js";
import { terms } from "./tokens.js";

// What a query with nothing to search for finds.
export function nothing(query, ts) {
  return { query: query, terms: ts, groups: [{ kind: "exact" }], rows: [], suggestions: [], nearest: [] };
}

// "按近义词找到（“出国”的近义词：出访、因公出访）": which words stood for which.
function thesaurusCaption(used) {
  const parts = [];
  used.forEach((to, from) => parts.push("“" + shorten(from) + "”的近义词：" + to.join("、")));
  return "按近义词找到（" + parts.join("；") + "）";
}

/*
 * {query, terms, groups, rows, suggestions, nearest, pinyin?}: groups[0] is the exact results, later
 * groups {kind, caption} forgiving ones (kind "thesaurus", "pinyin" or "alike"). Each row:
 * {ref, doc, rank, tag, terms, group, span?} (span: the characters of the name or unit a pinyin
 * query spells). nearest: [{ref, doc}] names close to a query that found nothing.
 */
export function find(index, query) {
  const normalised = index.normalise(query);
  const ts = terms(normalised);
  const q = pinyinOf(normalised);
  const found = nothing(query, ts);
  if (!ts.length && !q) return found;
  const seen = new Set();
  const add = (rows, group) => {  // rows not shown yet, under `group` (groups[0]: the exact results)
    if (group) found.groups.push(group);
    rows.forEach((r) => {
      if (seen.has(r.ref)) return;
      seen.add(r.ref);
      r.group = found.groups.length - 1;
      found.rows.push(r);
    });
  };
  const byPinyin = { kind: "pinyin", caption: "按拼音“" + shorten(query.trim()) + "”找到的结果" };
  add(exact(index, ts));
  const exactCount = found.rows.length;
  if (q) {
    found.pinyin = q;
    add(pinyinFind(index, q, seen), byPinyin);
  } else {
    const synonyms = thesaurusFind(index, ts, seen);
    if (synonyms.rows.length) add(synonyms.rows, { kind: "thesaurus", caption: thesaurusCaption(synonyms.used) });
    if (exactCount < LITTLE) {
      found.suggestions = suggest(index, ts, synonyms.known);
      found.suggestions.forEach((s) => {
        add(s.results, { kind: "alike", caption: "“" + s.query + "”的结果（与“" + shorten(ts.join(" ")) + "”读音相同）" });
      });
    }
  }
  const mixed = found.rows.length ? [] : wordsFind(index, ts, seen);
  if (mixed.length) {
    found.pinyin = found.pinyin || ts.join(" ");
    add(mixed, byPinyin);
  }
  if (!found.rows.length) found.nearest = nearestNames(index, ts);
  return found;
}
