/*
 * One search box with its results: the header's (root .bs-search in the header) or the search
 * page's (root .bs-search--page). Results are listed 50 at a time, each group of forgiving results
 * under its caption; ArrowDown in the box goes to the first result (or, when there is none, to the
 * first link of the status: a suggestion, a close name, the list of all projects).
 */

import { pageAddress } from "./address.js";
import { Filters } from "./filters.js";
import { el, item } from "./results.js";
import { renderHelp, renderSuggestions, statusText } from "./status.js";

const PAGE = 50;
const DEBOUNCE = 120;  // ms of quiet typing before a search

/*
 * `site`: {base, searchPage, allProjects (URLs), index and engine (null until loaded), load() → a Promise
 * that they are}.
 * `onSearch(how)` is told when results for a new query or filter are shown: how is "typed",
 * "chosen" (Enter, a suggestion, a filter) or "restored". `onEnter(state)`, if given, takes over
 * Enter in the box (state: {q, unit, year}); otherwise Enter searches here.
 */
export function Box(root, site, onSearch, onEnter) {
  const form = root.querySelector(".bs-search__form");
  const input = root.querySelector(".bs-search__input");
  const panel = root.querySelector(".bs-search__panel");
  const message = root.querySelector(".bs-search__message");
  const suggestBox = root.querySelector(".bs-search__suggest");
  const helpBox = root.querySelector(".bs-search__help");
  const resultsBox = root.querySelector(".bs-search__results");
  const more = root.querySelector(".bs-search__more");
  const current = { found: null, shown: 0, list: null, group: -1 };  // found: null while the box is empty
  let timer = 0;
  const filters = Filters(root, site.searchPage, () => {
    renderFilter();
    renderList(false);
    onSearch("chosen");
  });

  const state = () => ({ q: input.value.trim(), unit: filters.unit, year: filters.year });

  function renderFilter() {
    filters.render(current.found ? current.found.rows : [], site.index ? site.index.years : [], state().q);
  }

  function startGroup(g) {
    const group = current.found.groups[g];
    const list = el("ol", "md-search-result__list bs-search__list");
    if (g === 0) list.setAttribute("aria-label", "搜索结果");
    else {
      const caption = el("p", "bs-search__group", group.caption);
      caption.id = panel.id + "-group-" + g;
      list.setAttribute("aria-labelledby", caption.id);
      resultsBox.appendChild(caption);
    }
    resultsBox.appendChild(list);
    current.list = list;
    current.group = g;
  }

  function renderList(append) {
    const rows = current.found ? current.found.rows.filter(filters.keeps) : [];
    if (!append) {
      resultsBox.textContent = "";
      current.shown = 0;
      current.list = null;
      current.group = -1;
    }
    const end = Math.min(rows.length, current.shown + PAGE);
    for (let i = current.shown; i < end; i++) {
      if (rows[i].group !== current.group) startGroup(rows[i].group);
      current.list.appendChild(item(rows[i], site));
    }
    current.shown = end;
    more.hidden = end >= rows.length;
    more.textContent = "显示更多结果（还有 " + (rows.length - end) + " 个）";
    message.textContent = statusText(current.found, input.value.trim(), rows, end);
  }

  function render() {
    renderFilter();
    renderSuggestions(suggestBox, current.found,
                      (q) => pageAddress(site.searchPage, { q: q, unit: filters.unit, year: filters.year }),
                      (q) => {
                        input.value = q;
                        run("chosen").then(() => input.focus());
                      });
    renderHelp(helpBox, current.found, site.base, site.allProjects);
    renderList(false);
  }

  function show(found, query, how) {
    current.found = found;
    render();
    panel.setAttribute("data-query", query);  // what the list shows (tests wait for it)
    onSearch(how);
    return current;
  }

  // Search for what the box holds; `how` is passed to onSearch once the results are shown.
  function run(how) {
    clearTimeout(timer);
    const query = input.value;
    if (!query.trim()) return Promise.resolve(show(null, query, how));
    if (!site.index) message.textContent = "正在加载搜索索引…";
    return site.load().then(() => {
      if (query !== input.value) return current;  // superseded by later typing
      return show(site.engine.find(site.index, query), query, how);
    }, () => {
      message.textContent = "搜索索引加载失败，请稍后重试，或浏览“全部项目”列表。";
    });
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run("typed"), DEBOUNCE);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (onEnter) onEnter(state());
    else run("chosen");
  });
  more.addEventListener("click", () => {
    const first = current.shown;
    renderList(true);
    const next = resultsBox.querySelectorAll(".bs-search__item")[first];
    if (next) next.querySelector("a").focus();
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && document.activeElement === input) {
      // the first result, or when there is none the first suggestion
      const firstLink = resultsBox.querySelector("a") || panel.querySelector(".bs-search__status a");
      if (firstLink) {
        event.preventDefault();
        firstLink.focus();
      }
    }
  });

  return {
    input: input, run: run, state: state,
    // Show the search of an address (or history entry): query and filters.
    restore(wanted, how) {
      input.value = wanted.q;
      filters.unit = wanted.unit;
      filters.year = wanted.year;
      return run(how);
    },
  };
}
