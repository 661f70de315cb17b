/*
 * The order of a table's rows when a reader sorts it by a column: keys read from the cells' text
 * (or a cell's data-sort-value, where its words are not its key) and compared the way the column's
 * header says (data-sort, from site/project_table.py):
 *
 *   number  amounts (万元, two decimals), shares and counts, compared as numbers;
 *   text    Chinese names in pinyin order (Intl.Collator "zh-CN"; a browser without Chinese
 *           collation data orders by character code instead), digits inside as numbers;
 *   code    project and unit codes, character by character.
 *
 * Empty cells ("" or "—") come last in either direction; rows with equal keys keep the
 * document's order (stable). No DOM here: tests/js/order.test.js runs it under node.
 */

const EMPTY = new Set(["", "—", "-"]);

/** A cell's text as its sort key: for numbers the value in hundredths, else the text; null if empty. */
export function sortKey(text, kind) {
  const value = text.trim();
  if (EMPTY.has(value)) return null;
  return kind === "number" ? hundredths(value) : value;
}

/** 2901.00 → 290100, 61.71% → 6171, -3 → -300, 1,234.5 → 123450: exact integers for up to two
 *  decimals (what the site prints); more decimals still order correctly. null if not a number. */
export function hundredths(text) {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.replace(/[,，\s%]|万元/g, ""));
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, "0"))
    + (fraction.length > 2 ? Number("0." + fraction.slice(2)) : 0);
  return sign === "-" ? -cents : cents;
}

/** Chinese in pinyin order where the browser has the data for it. */
export function chineseCollator() {
  try {
    return new Intl.Collator("zh-CN", { numeric: true });
  } catch (error) {
    return { compare: byCharacter };
  }
}

function byCharacter(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text keys as ranks (integers) in the collator's order, equal-collating texts sharing a rank:
 *  each distinct text is compared only while ranking (a unit's name repeats on every row). */
export function ranks(keys, collator) {
  const distinct = [...new Set(keys.filter((k) => k !== null))].sort(collator.compare);
  const rank = new Map();
  distinct.forEach((text, i) => {
    const previous = distinct[i - 1];
    rank.set(text, i > 0 && collator.compare(previous, text) === 0 ? rank.get(previous) : i);
  });
  return keys.map((k) => (k === null ? null : rank.get(k)));
}

/** Comparable keys for a column: numbers as they are, texts as their ranks, codes as they are. */
export function comparable(texts, kind, collator) {
  const keys = texts.map((t) => sortKey(t, kind));
  return kind === "text" ? ranks(keys, collator) : keys;
}

/** Row indexes (positions in the document) in the order of `keys`, ascending or descending. */
export function order(keys, direction) {
  const sign = direction === "descending" ? -1 : 1;
  const compare = (i, j) => {
    const a = keys[i];
    const b = keys[j];
    if (a === null || b === null) return a === b ? i - j : a === null ? 1 : -1;
    return sign * byCharacter(a, b) || i - j;
  };
  return keys.map((_, i) => i).sort(compare);
}

/** The direction a first click sorts a column: the largest amount first, names and codes from A. */
export function firstDirection(kind) {
  return kind === "number" ? "descending" : "ascending";
}

/** What a click does: the column's first direction, then the other, then back to the document's order. */
export function next(current, column, kind) {
  if (!current || current.column !== column) return { column, direction: firstDirection(kind) };
  if (current.direction === firstDirection(kind)) {
    return { column, direction: current.direction === "ascending" ? "descending" : "ascending" };
  }
  return null;
}
