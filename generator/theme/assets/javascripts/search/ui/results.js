/*
 * One result as the reader sees it: the name linking to its page, what kind of page it is and why
 * it was found, then its code, unit (linking the unit's page), amount and year, and for a result
 * found in its body text an excerpt named by its field; the query's words marked.
 */

const KINDS = { project: "项目", unit: "预算单位", overview: "部门整体" };

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


// The list item of a result row (engine/find.js); `site`: the site's root `base`, its `index`, the `engine`.
export function item(r, site) {
  const engine = site.engine;
  // text with every occurrence of the terms marked, and the span [start, end) if given
  const marked = (text, span) => fragment(engine.chunks(Array.from(text), Array.from(site.index.normalise(text)), r.terms, span));
  const d = r.doc;
  const li = el("li", "md-search-result__item bs-search__item");
  const span = (field) => (r.span && r.span.field === field ? r.span : null);
  const link = el("a", "bs-search__link");
  link.href = new URL(d.url, site.base).href;
  link.appendChild(marked(d.title, span("name")));
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
    dd.appendChild(typeof value === "string" ? marked(value) : value);
    div.appendChild(dd);
    return meta.appendChild(div);
  };
  const amount = (text) => el("span", "", text + " 万元");
  if (d.kind === "project") {
    field("项目编码", d.code);
    // the unit links its page, as in the list of all projects
    const unitUrl = site.index.unitUrls.get(d.year + " " + d.unit_code);
    const unit = unitUrl ? el("a", "bs-search__unit-link") : el("span");
    if (unitUrl) unit.href = new URL(unitUrl, site.base).href;
    unit.appendChild(marked(d.unit, span("unit")));
    field("预算单位", unit);
    field("预算数", amount(d.amount));
  } else if (d.kind === "unit") {
    field("单位编码", d.code);
    field("预算合计", amount(d.amount));
  } else {
    field("预算合计", amount(d.amount));
  }
  field("年度", el("span", "", d.year + "年"));
  const quote = r.tag === engine.CLASSES[4] ? engine.excerpt(site.index, r.ref, r.terms) : null;  // 正文匹配
  if (quote) field(quote.field || "正文", fragment(quote.chunks)).className = "bs-search__excerpt";
  li.appendChild(meta);
  return li;
}
