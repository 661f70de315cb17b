/*
 * The status region of a search box (role="status": a screen reader reads it): how many results
 * and how they were found; the "您是不是要找" spellings as links that run that search; and when
 * nothing at all is found, the closest names and the list of all projects, so that no search
 * ends in a dead end.
 */

import { shorten } from "../engine/shorten.js";
import { el } from "./results.js";

const count = (found, kind) => found.rows.filter((r) => found.groups[r.group].kind === kind).length;

// Whether `found` (engine/find.js; null: no search) is a search that found nothing at all.
export function nothingFound(found) {
  return !!found && (found.terms.length > 0 || !!found.pinyin) && !found.rows.length;
}

// What the status says of `found` (null: the box is empty) for the query typed, the `rows` the
// filters leave, of which the first `end` are shown.
export function statusText(found, typed, rows, end) {
  if (!found || (!found.terms.length && !found.pinyin)) {
    return typed ? "请输入汉字、字母或数字" : "输入项目名称、项目编码或预算单位的一部分";
  }
  const total = found.rows.length;
  const exactCount = count(found, "exact");
  let text = exactCount ? "找到 " + exactCount + " 个结果" : "没有找到包含“" + shorten(found.terms.join(" ") || typed) + "”的结果";
  const synonyms = count(found, "thesaurus");
  if (synonyms) text += (exactCount ? "；另按近义词找到 " : "；按近义词找到 ") + synonyms + " 个";
  if (found.pinyin && total > exactCount) {
    text = exactCount ? text + "；另按拼音找到 " + (total - exactCount) + " 个" : "按拼音找到 " + total + " 个结果";
  }
  if (rows.length < total) text += "，筛选后 " + rows.length + " 个";
  if (end < rows.length) text += "，已显示前 " + end + " 个";
  return text + (found.suggestions.length || nothingFound(found) ? "。" : "");
}

// The suggestions of `found` into `box`, each a link to `address(query)` that calls `choose(query)`.
export function renderSuggestions(box, found, address, choose) {
  box.textContent = "";
  if (!found || !found.suggestions.length) return;
  box.appendChild(document.createTextNode("您是不是要找："));
  found.suggestions.forEach((s, i) => {
    if (i) box.appendChild(document.createTextNode("、"));
    const link = el("a", "bs-search__suggestion", s.query);
    link.href = address(s.query).href;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      choose(s.query);
    });
    box.appendChild(link);
    box.appendChild(document.createTextNode("（" + s.results.length + " 个结果）"));
  });
}

// When nothing was found: the closest names (links to their pages, relative to `base`) and the
// list of all projects (`allProjects`, a URL) into `box`.
export function renderHelp(box, found, base, allProjects) {
  box.textContent = "";
  if (!nothingFound(found)) return;
  if (found.nearest.length) {
    box.appendChild(document.createTextNode("名称相近的有："));
    found.nearest.forEach((n, i) => {
      if (i) box.appendChild(document.createTextNode("、"));
      const link = el("a", "bs-search__nearest", n.doc.title);
      link.href = new URL(n.doc.url, base).href;
      box.appendChild(link);
    });
    box.appendChild(document.createTextNode("。"));
  }
  box.appendChild(document.createTextNode("也可以在"));
  const all = el("a", "bs-search__all", "全部项目表");
  all.href = allProjects.href;
  box.appendChild(all);
  box.appendChild(document.createTextNode("中查找。"));
}
