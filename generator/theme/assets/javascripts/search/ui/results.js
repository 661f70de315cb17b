/*
 * One result as the reader sees it: the name linking to its page, what kind of page it is and why
 * it was found, then its code, unit, amount and year; the query's words marked.
 */

const KINDS = { project: "项目", unit: "预算单位", overview: "部门整体" };

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Text with every occurrence of the terms marked, and the span [start, end) if given
// (normalisation keeps one character per character).
export function marked(normalise, text, ts, span) {
  const chars = Array.from(text);
  const normChars = Array.from(normalise(text));
  const hit = new Array(chars.length);
  ts.forEach((t) => {
    const len = Array.from(t).length;
    for (let i = 0; i + len <= normChars.length; i++) {
      if (normChars.slice(i, i + len).join("") === t) for (let k = i; k < i + len; k++) hit[k] = true;
    }
  });
  if (span) for (let k = span.start; k < span.end; k++) hit[k] = true;
  const frag = document.createDocumentFragment();
  let run = "";
  let inHit = false;
  const flush = () => {
    if (run) frag.appendChild(inHit ? el("mark", "", run) : document.createTextNode(run));
    run = "";
  };
  chars.forEach((ch, i) => {
    if (!!hit[i] !== inHit) {
      flush();
      inHit = !!hit[i];
    }
    run += ch;
  });
  flush();
  return frag;
}

// The list item of a result row (engine/find.js); links relative to the site's root `base`.
export function item(r, base, normalise) {
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
    if (!value) return;
    const div = el("div");
    div.appendChild(el("dt", "", label));
    const dd = el("dd");
    dd.appendChild(typeof value === "string" ? marked(normalise, value, r.terms) : value);
    div.appendChild(dd);
    meta.appendChild(div);
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
  li.appendChild(meta);
  return li;
}
