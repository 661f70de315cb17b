/*
 * The search index in memory: search/index.json and search/body.json as written by
 * generator/exports/search.py, with lunr's index restored from its compact form and the pinyin
 * table turned into lookups both ways.
 */

import { normaliser } from "./normalise.js";

// The compact index (see generator/exports/search.py build_index) back to lunr's own serialisation.
function lunrIndex(lunr, compact, count) {
  const inverted = Object.keys(compact.terms).sort().map((term, i) => {
    const posting = { _index: i };
    compact.fields.forEach((f) => {
      const refs = {};
      let ref = 0;
      (compact.terms[term][f] || []).forEach((gap) => {
        ref += gap;
        refs[ref] = {};
      });
      posting[f] = refs;
    });
    return [term, posting];
  });
  const vectors = [];
  for (let ref = 0; ref < count; ref++) {
    compact.fields.forEach((f) => vectors.push([f + "/" + ref, []]));
  }
  return lunr.Index.load({ version: compact.version, fields: compact.fields, fieldVectors: vectors,
                           invertedIndex: inverted, pipeline: [] });
}

/*
 * The index of the two files' parsed JSON, searched with `lunr` (the lunr.js namespace):
 *   docs       display fields per document, each with `n`: its normalised name, code and unit;
 *   texts      body text per document as written (lines), bodies: the same normalised;
 *   fields     names of the fields body lines come from, parts: per document [field, lines, ...];
 *   years      the years indexed, newest first;
 *   readings   character → its readings (toneless pinyin), sounds: reading → indexed characters;
 *   thesaurus  groups of words that stand for each other, each word {text, n (normalised)};
 *   unitUrls   "year code" → the address of that year's unit page (from the units' own documents).
 */
export function loadIndex(lunr, indexFile, bodyFile) {
  const normalise = normaliser(indexFile.t2s);
  const index = {
    lunr: lunr, normalise: normalise, docs: indexFile.docs,
    texts: bodyFile.body, bodies: bodyFile.body.map(normalise), fields: bodyFile.fields, parts: bodyFile.parts,
    idx: lunrIndex(lunr, indexFile.lunr, indexFile.docs.length),
    years: [], readings: new Map(), sounds: new Map(), unitUrls: new Map(),
    thesaurus: (indexFile.thesaurus || []).map((group) => group.map((word) => ({ text: word, n: normalise(word) }))),
  };
  index.docs.forEach((doc) => {
    doc.n = { name: normalise(doc.title), code: normalise(doc.code),
              unit: normalise((doc.unit_code || "") + " " + doc.unit) };
    if (index.years.indexOf(doc.year) < 0) index.years.push(doc.year);
    if (doc.kind === "unit") index.unitUrls.set(doc.year + " " + doc.code, doc.url);
  });
  index.years.sort((a, b) => b - a);
  Object.keys(indexFile.pinyin).forEach((syllable) => {
    const chars = [];
    Array.from(indexFile.pinyin[syllable]).forEach((ch) => {
      if (!index.readings.has(ch)) index.readings.set(ch, []);
      index.readings.get(ch).push(syllable);
      if (indexed(index, ch)) chars.push(ch);
    });
    index.sounds.set(syllable, chars);
  });
  return index;
}

// Whether a token (a character, two characters, a code trigram) occurs in names, codes or units
// (lunr's inverted index: an object without prototype, keyed by token).
export function indexed(index, token) {
  return token in index.idx.invertedIndex;
}
