/*
 * Why a result was found when its name does not say: an excerpt of about 40 characters of body
 * text around the first place a word occurs, named by the field it comes from (资金用途, 绩效目标,
 * 绩效指标…), with the words marked. Text as written (search/body.json), marks found on the
 * normalised text: normalisation keeps one character per character.
 */

import { rankClass } from "./match.js";

const WIDTH = 40;   // characters of an excerpt
const BEFORE = 12;  // of which before the word, when the line is long

// `chars` (characters of a text) cut into chunks [{text, mark}], marking every occurrence of the
// terms in `normChars` (the same characters normalised) and the characters of `span` [start, end).
export function chunks(chars, normChars, ts, span) {
  const hit = new Array(chars.length).fill(false);
  ts.forEach((t) => {
    const len = Array.from(t).length;
    for (let i = 0; i + len <= normChars.length; i++) {
      if (normChars.slice(i, i + len).join("") === t) hit.fill(true, i, i + len);
    }
  });
  if (span) hit.fill(true, span.start, Math.min(span.end, chars.length));
  const out = [];
  chars.forEach((ch, i) => {
    const last = out[out.length - 1];
    if (last && last.mark === hit[i]) last.text += ch;
    else out.push({ text: ch, mark: hit[i] });
  });
  return out;
}

// The name of the field line `k` of document `ref` comes from ("" if the index does not say).
function fieldOf(index, ref, k) {
  const parts = index.parts ? index.parts[ref] || [] : [];
  for (let i = 0, lines = 0; i < parts.length; i += 2) {
    lines += parts[i + 1];
    if (k < lines) return index.fields[parts[i]];
  }
  return "";
}

// {field, chunks} around the first place in document `ref`'s body where one of the terms occurs,
// preferring a term its name, code and unit do not hold; null when the body holds none of them.
export function excerpt(index, ref, ts) {
  const body = index.bodies[ref];
  const inBody = ts.filter((t) => body.indexOf(t) >= 0);
  if (!inBody.length) return null;
  const term = inBody.find((t) => rankClass(index, ref, t) === 4) || inBody[0];
  const at = body.indexOf(term);
  const k = body.slice(0, at).split("\n").length - 1;  // the line it is on
  const lineStart = body.lastIndexOf("\n", at - 1) + 1;
  const normChars = Array.from(body.split("\n")[k]);
  const chars = Array.from(index.texts[ref].split("\n")[k]);
  const from = Array.from(body.slice(lineStart, at)).length;
  const length = Array.from(term).length;
  let start = Math.max(0, from - BEFORE);
  const end = Math.min(chars.length, start + Math.max(WIDTH, from - start + length));
  start = Math.max(0, Math.min(start, end - WIDTH));
  const out = chunks(chars.slice(start, end), normChars.slice(start, end), ts);
  if (start > 0) out.unshift({ text: "…", mark: false });
  if (end < chars.length) out.push({ text: "…", mark: false });
  return { field: fieldOf(index, ref, k), chunks: out };
}
