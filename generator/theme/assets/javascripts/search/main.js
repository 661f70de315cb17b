/*
 * Site search: lunr.js (a classic script loaded before this module) over the index written by
 * generator/exports/search.py, in the header (results drop down below the box) and on the search
 * page (/search/?q=…&unit=…&year=…, results in the page, each search a step in the browser history).
 *
 *   engine/  normalise, tokens, index (the files in memory), match (exact search), pinyin,
 *            homophones, thesaurus, nearest, excerpt, find (everything a query finds, in groups)
 *            — no DOM, tested under node (tests/js/);
 *   ui/      box (a search box and its results), results, status, filters, header, page, address.
 */

import { find } from "./engine/find.js";
import { loadIndex } from "./engine/index.js";
import { queryTokens } from "./engine/tokens.js";
import { fromAddress } from "./ui/address.js";
import { HeaderSearch } from "./ui/header.js";
import { SearchPage } from "./ui/page.js";

const config = document.querySelector(".bs-search__form[data-index]");
const lunr = window.lunr;

function fetchJSON(attr) {
  return fetch(config.getAttribute(attr)).then((r) => {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  });
}

if (config && lunr) {
  let loading = null;
  const site = {
    base: new URL(config.getAttribute("data-root"), location.href),
    searchPage: new URL(config.getAttribute("data-page"), location.href),
    allProjects: new URL(config.getAttribute("data-all"), location.href),
    index: null,
    // The index, fetched when the search is first used.
    load() {
      if (!loading) {
        loading = Promise.all([fetchJSON("data-index"), fetchJSON("data-body")]).then((files) => {
          site.index = loadIndex(lunr, files[0], files[1]);
          return site.index;
        });
      }
      return loading;
    },
  };

  const header = HeaderSearch(config.closest(".bs-search"), site);
  const pageRoot = document.querySelector(".bs-search--page");
  if (pageRoot) SearchPage(pageRoot, site);
  else {
    const initial = fromAddress();
    if (initial.q) header.restore(initial);
  }

  // For tests and benchmarks: ranked results of a query (search), or the query shown in the box (show).
  window.budgetSearch = {
    ready: () => site.load(),
    search: (query) => site.load().then((index) => find(index, query).rows),
    show: (query) => header.show(query),
    normalise: (text) => site.index.normalise(text),
    queryTokens: (text) => queryTokens(site.index.normalise(text)),
  };
}
