/*
 * Site search, in the header (results drop down below the box) and on the search page
 * (/search/?q=…&unit=…&year=…, results in the page, each search a step in the browser history).
 *
 *   ui/      box (a search box and its results), results, status, filters, header, page, address:
 *            loaded with every page;
 *   engine/  normalise, tokens, index (the files in memory), match (exact search), pinyin,
 *            homophones, thesaurus, nearest, excerpt, find (everything a query finds, in groups)
 *            — no DOM, tested under node (tests/js/). engine/engine.js is imported, with lunr.js
 *            and the index written by generator/exports/search.py, when the search is first used.
 */

import { fromAddress } from "./ui/address.js";
import { HeaderSearch } from "./ui/header.js";
import { SearchPage } from "./ui/page.js";

const config = document.querySelector(".bs-search__form[data-index]");

function fetchJSON(attr) {
  return fetch(config.getAttribute(attr)).then((r) => {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  });
}

// lunr.js, a classic script (window.lunr).
function loadLunr() {
  if (window.lunr) return Promise.resolve(window.lunr);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = config.getAttribute("data-lunr");
    script.onload = () => resolve(window.lunr);
    script.onerror = reject;
    document.head.appendChild(script);
  });
}

if (config) {
  let loading = null;
  const site = {
    base: new URL(config.getAttribute("data-root"), location.href),
    searchPage: new URL(config.getAttribute("data-page"), location.href),
    allProjects: new URL(config.getAttribute("action"), location.href),  // without JavaScript the form goes there
    index: null,
    engine: null,
    // The engine and the index, fetched when the search is first used.
    load() {
      if (!loading) {
        loading = Promise.all([import("./engine/engine.js"), loadLunr(), fetchJSON("data-index"), fetchJSON("data-body")])
          .then(([engine, lunr, index, body]) => {
            site.index = engine.loadIndex(lunr, index, body);
            site.engine = engine;
          });
        loading.catch(() => { loading = null; });  // a failed download is tried again by the next search
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
    search: (query) => site.load().then(() => site.engine.find(site.index, query).rows),
    show: (query) => header.show(query),
    normalise: (text) => site.index.normalise(text),
    queryTokens: (text) => site.engine.queryTokens(site.index.normalise(text)),
  };
}
