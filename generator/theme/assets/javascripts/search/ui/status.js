/*
 * The status region of a search box (role="status": a screen reader reads it): how many results,
 * and the "您是不是要找" spellings as links that run that search.
 */

import { shorten } from "../engine/find.js";
import { el } from "./results.js";

// What the status says of `found` (engine/find.js) for the query typed, the `rows` the filters
// leave, of which the first `end` are shown.
export function statusText(found, typed, rows, end) {
  const total = found.rows.length;
  const exactCount = found.rows.filter((r) => r.group === 0).length;
  if (!found.terms.length && !found.pinyin) {
    return typed ? "请输入汉字、字母或数字" : "输入项目名称、项目编码或预算单位的一部分";
  }
  let text = exactCount ? "找到 " + exactCount + " 个结果" : "没有找到包含“" + shorten(found.terms.join(" ") || typed) + "”的结果";
  if (found.pinyin && total > exactCount) {
    text = exactCount ? text + "；另按拼音找到 " + (total - exactCount) + " 个" : "按拼音找到 " + total + " 个结果";
  }
  if (rows.length < total) text += "，筛选后 " + rows.length + " 个";
  if (end < rows.length) text += "，已显示前 " + end + " 个";
  return text + (found.suggestions.length ? "。" : "");
}

// The suggestions of `found` into `box`, each a link to `address(query)` that calls `choose(query)`.
export function renderSuggestions(box, found, address, choose) {
  box.textContent = "";
  if (!found.suggestions.length) return;
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
