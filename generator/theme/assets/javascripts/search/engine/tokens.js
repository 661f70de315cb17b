/*
 * Query words and the index tokens they need — the same rules as generator/exports/search.py:
 *   index tokens: runs of Han characters and runs of [0-9a-z]; a Han run gives every unigram and
 *                 bigram, a [0-9a-z] run the (up to) 3 characters from each position.
 *   query tokens: a Han run needs its unigram (1 character) or every bigram, a [0-9a-z] run every
 *                 trigram (3+ characters) or a token starting with it (shorter runs).
 * Every function here takes normalised text (engine/normalise.js).
 */

import { HAN } from "./normalise.js";

const RUNS = new RegExp("[" + HAN + "]+|[0-9a-z]+", "gu");
const CODE_GRAM = 3;

// Quotation marks around words ("驻京办", “驻京办”: a habit from other search engines) part
// words like spaces; a name that has them (“三个努力建成”工作经费) is found by the words between.
const QUOTES = /["“”]/g;

// The tokens a document must have to contain `text`: [{token, prefix}], each once.
export function queryTokens(text) {
  const out = [];
  const seen = new Set();
  const add = (token, prefix) => {
    const key = token + (prefix ? "*" : "");
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ token: token, prefix: prefix });
    }
  };
  for (const run of text.match(RUNS) || []) {
    const chars = Array.from(run);
    const n = chars[0].charCodeAt(0) < 0x80 ? CODE_GRAM : 2;
    if (chars.length < n) add(run, n === CODE_GRAM);
    else for (let i = 0; i + n <= chars.length; i++) add(chars.slice(i, i + n).join(""), false);
  }
  return out;
}

// The space-separated words of a text.
export function words(text) {
  return text.replace(QUOTES, " ").trim().split(/\s+/);
}

// The words of a query that can be searched for (they have tokens), each once.
export function terms(query) {
  const seen = new Set();
  return words(query).filter((t) => {
    if (!t || seen.has(t) || !queryTokens(t).length) return false;
    seen.add(t);
    return true;
  });
}
