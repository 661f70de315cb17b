/*
 * Exact search: documents containing every query word (normalised) as a substring of name, code,
 * unit or body. lunr finds the candidates — every query token required (presence REQUIRED), so
 * every document containing a word is one — and body text is scanned for the word; results are
 * then kept only if each word really is a substring of a field, and ranked: newest year first,
 * then by class (exact name, name, code, unit, body), then document order.
 * User text never reaches lunr's query parser: queries are built with index.query().
 */

import { queryTokens, words } from "./tokens.js";

export const CLASSES = ["名称完全一致", "名称匹配", "编码匹配", "单位匹配", "正文匹配"];

// Refs of documents that may contain `term`: all its tokens in name/code/unit, or body text.
// `within` (optional): only these refs are wanted, so only their bodies are read.
export function candidates(index, term, within) {
  const lunr = index.lunr;
  const wanted = queryTokens(term);
  const found = new Set();
  index.idx.query((q) => {
    wanted.forEach((w) => {
      q.term(w.token, { usePipeline: false, presence: lunr.Query.presence.REQUIRED,
                        wildcard: w.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
    });
  }).forEach((r) => {
    if (!within || within.has(Number(r.ref))) found.add(Number(r.ref));
  });
  const bodies = index.bodies;
  if (within) within.forEach((ref) => { if (bodies[ref].indexOf(term) >= 0) found.add(ref); });
  else bodies.forEach((body, ref) => { if (body.indexOf(term) >= 0) found.add(ref); });
  return found;
}

const REMEMBERED = 64;  // terms whose candidates among all documents are kept (typing repeats them)

// candidates(index, term) among all documents, remembered: a query typed word by word, its
// rewordings (engine/thesaurus.js) and spellings (engine/homophones.js) search the same words again.
function allCandidates(index, term) {
  const memo = index.memo || (index.memo = new Map());
  let found = memo.get(term);
  if (!found) {
    found = candidates(index, term, null);
    memo.set(term, found);
    if (memo.size > REMEMBERED) memo.delete(memo.keys().next().value);
  }
  return found;
}

// Where a document contains `term`: 1 name, 2 code, 3 unit, 4 body; -1 nowhere.
export function rankClass(index, ref, term) {
  const doc = index.docs[ref];
  if (doc.n.name.indexOf(term) >= 0) return 1;
  if (doc.n.code.indexOf(term) >= 0) return 2;
  if (doc.n.unit.indexOf(term) >= 0) return 3;
  if (index.bodies[ref].indexOf(term) >= 0) return 4;
  return -1;
}

// Newest year first, then by class; pinyin matches nearer the start of the name first.
export function byYearRankRef(a, b) {
  return b.doc.year - a.doc.year || a.rank - b.rank || (a.span ? a.span.start - b.span.start : 0) || a.ref - b.ref;
}

// Documents containing every term (normalised) as a substring of a field, ranked.
// Each row: {ref, doc, rank, tag, terms}.
export function exact(index, ts) {
  if (!ts.length) return [];
  let refs = null;  // documents that may contain every term so far
  ts.forEach((t) => { if (!refs || refs.size) refs = refs ? candidates(index, t, refs) : allCandidates(index, t); });
  const results = [];
  refs.forEach((ref) => {
    const doc = index.docs[ref];
    let cls = 1;
    for (const t of ts) {
      const c = rankClass(index, ref, t);
      if (c < 0) return;  // post-filter: this term is not a substring of any field
      cls = Math.max(cls, c);
    }
    if (words(doc.n.name).join(" ") === ts.join(" ")) cls = 0;
    results.push({ ref: ref, doc: doc, rank: cls, tag: CLASSES[cls], terms: ts });
  });
  return results.sort(byYearRankRef);
}
