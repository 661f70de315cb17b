/*
 * The search page (/search/?q=…&unit=…&year=…): the address holds the search, each search is a step
 * in the browser history (Back and Forward move between searches), and the title names the search.
 */

import { shorten } from "../engine/shorten.js";
import { fromAddress, pageAddress } from "./address.js";
import { Box } from "./box.js";

export function SearchPage(root, site) {
  let committed = true;  // the history entry shows a finished search: the next one gets its own
  let settle = 0;
  const title = document.title;
  const box = Box(root, site, (how) => {
    clearTimeout(settle);
    const q = box.state().q;  // the title names the search: in the history list, in bookmarks and tabs
    document.title = q ? "“" + shorten(q) + "”的搜索结果 - " + title : title;
    const url = pageAddress(site.searchPage, box.state()).href;
    if (how !== "restored" && url !== location.href) {
      // Typing replaces the entry it started; a search chosen, or read for a while, keeps its own.
      history[committed || how === "chosen" ? "pushState" : "replaceState"](null, "", url);
    }
    committed = how !== "typed";
    if (!committed) settle = setTimeout(() => { committed = true; }, 1500);
  });
  root.hidden = false;
  document.querySelectorAll(".bs-search-page__nojs").forEach((e) => { e.hidden = true; });
  window.addEventListener("popstate", () => {
    committed = true;
    box.restore(fromAddress(), "restored");
  });
  const wanted = fromAddress();
  if (wanted.q) box.restore(wanted, "restored");
  return box;
}
