/*
 * Normalisation — the same rule as generator/exports/search.py (tests/search_text.json holds the
 * cases both sides are tested on):
 *   full-width ASCII (U+FF01–FF5E) → half-width, U+3000 → space, A–Z → a–z,
 *   traditional → simplified per character (the table `t2s` shipped in search/index.json).
 * One character always stays one character, so positions in normalised text are positions in the text.
 */

export const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}";
export const IS_HAN = new RegExp("^[" + HAN + "]$", "u");

// A normalising function for the traditional → simplified table [traditional, simplified]
// (two strings of equal length in characters). Only the characters that change are visited:
// the body text of a large site (millions of characters) is normalised when the index loads.
export function normaliser(t2sPair) {
  const t2s = new Map();
  const simplified = Array.from(t2sPair[1]);
  Array.from(t2sPair[0]).forEach((ch, i) => t2s.set(ch, simplified[i]));
  const escape = (ch) => ch.replace(/[\\\]\[^-]/g, "\\$&");
  const changing = new RegExp("[A-Z\\uff01-\\uff5e\\u3000" + Array.from(t2s.keys()).map(escape).join("") + "]", "gu");
  const one = (ch) => {
    let c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) c = 0x20;
    else if (c > 0x7f) return t2s.get(ch);
    return String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c);
  };
  return (text) => String(text).replace(changing, one);
}
