/*
 * One result as the reader sees it: the name linking to its page, what kind of page it is and why
 * it was found, then its code, unit, amount and year, and for a result found in its body text an
 * excerpt named by its field; the query's words marked.
 */

import { chunks, excerpt } from "../engine/excerpt.js";
import { CLASSES } from "../engine/match.js";

const KINDS = { project: "项目", unit: "预算单位", overview: "部门整体" };
const BODY = CLASSES[4];  // 正文匹配

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Chunks of text [{text, mark}] as text nodes and <mark> elements (text, never markup).
function fragment(parts) {
  const frag = document.createDocumentFragment();
  parts.forEach((c) => frag.appendChild(c.mark ? el("mark", "", c.text) : document.createTextNode(c.text)));
  return frag;
}

// Text with every occurrence of the terms marked, and the span [start, end) if given.
export function marked(normalise, text, ts, span) {
  return fragment(chunks(Array.from(text), Array.from(normalise(text)), ts, span));
}

// The list item of a result row (engine/find.js) of `index`; links relative to the site's root `base`.
export function item(r, base, index) {
  const normalise = index.normalise;
  const d = r.doc;
  const li = el("li", "md-search-result__item bs-search__item");
  const span = (field) => (r.span && r.span.field === field ? r.span : null);
  const link = el("a", "bs-search__link");
  link.href = new URL(d.url, base).href;
  link.appendChild(marked(normalise, d.title, r.terms, span("name")));
  const title = el("div", "bs-search__title");
  title.appendChild(link);
  title.appendChild(el("span", "bs-search__tag", KINDS[d.kind] + " · " + r.tag));
  li.appendChild(title);
  const meta = el("dl", "bs-search__meta");
  const field = (label, value) => {
    if (!value) return null;
    const div = el("div");
    div.appendChild(el("dt", "", label));
    const dd = el("dd");
    dd.appendChild(typeof value === "string" ? marked(normalise, value, r.terms) : value);
    div.appendChild(dd);
    return meta.appendChild(div);
  };
  const amount = (text) => el("span", "", text + " 万元");
  if (d.kind === "project") {
    field("项目编码", d.code);
    field("预算单位", marked(normalise, d.unit, r.terms, span("unit")));
    field("预算数", amount(d.amount));
  } else if (d.kind === "unit") {
    field("单位编码", d.code);
    field("预算合计", amount(d.amount));
  } else {
    field("预算合计", amount(d.amount));
  }
  field("年度", el("span", "", d.year + "年"));
  const quote = r.tag === BODY ? excerpt(index, r.ref, r.terms) : null;
  if (quote) field(quote.field || "正文", fragment(quote.chunks)).className = "bs-search__excerpt";
  li.appendChild(meta);
  return li;
}
