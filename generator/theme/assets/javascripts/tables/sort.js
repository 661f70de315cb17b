/*
 * Sortable tables: a table with class bs-sortable gets a button in each header that has a
 * data-sort kind (see order.js). A click (or Enter, Space) sorts by that column in its first
 * direction (the largest amount first, names from A), a second click the other way, a third
 * returns to the document's order, as does the 恢复原文顺序 button. The sorted header carries
 * aria-sort and a polite status says the order. Without JavaScript (or ES modules) the table
 * stays in the document's order with plain headers.
 */

import { chineseCollator, comparable, next, order } from "./order.js";

const WORDS = {
  number: { ascending: "从小到大", descending: "从大到小" },
  text: { ascending: "按拼音从 A 到 Z", descending: "按拼音从 Z 到 A" },
  code: { ascending: "从小到大", descending: "从大到小" },
};
const MARKS = { ascending: "↑", descending: "↓", none: "↕" };

const collator = chineseCollator();

/** The header's text without the sort mark. */
function title(th) {
  const label = th.querySelector(".bs-sort__label");
  return (label || th).textContent.trim();
}

function enhance(table) {
  const head = table.tHead && table.tHead.rows[0];
  const body = table.tBodies[0];
  if (!head || !body) return;
  const rows = [...body.rows];
  const keys = new Map();
  const headers = [...head.cells];
  const buttons = [];
  let current = null;

  const bar = document.createElement("div");
  bar.className = "bs-sort-bar";
  const reset = document.createElement("button");
  reset.type = "button";
  reset.className = "md-button bs-sort-reset";
  reset.textContent = "恢复原文顺序";
  const status = document.createElement("p");
  status.className = "bs-sort-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  bar.append(reset, status);
  const wrap = table.closest(".bs-table-wrap") || table;
  wrap.before(bar);

  function keysOf(column, kind) {
    if (!keys.has(column)) {
      // a cell may give its key apart from its words (data-sort-value: 比上年's change in 万元)
      const text = (cell) => cell.dataset.sortValue ?? cell.textContent;
      keys.set(column, comparable(rows.map((r) => text(r.cells[column])), kind, collator));
    }
    return keys.get(column);
  }

  function show(state) {
    headers.forEach((th, column) => {
      const sorted = state && state.column === column;
      if (sorted) th.setAttribute("aria-sort", state.direction);
      else th.removeAttribute("aria-sort");
      const button = buttons[column];
      if (button) button.lastChild.textContent = MARKS[sorted ? state.direction : "none"];
    });
  }

  function sort(state) {
    if (state || current) {
      const kind = state && headers[state.column].dataset.sort;
      const sorted = state ? order(keysOf(state.column, kind), state.direction).map((i) => rows[i]) : rows;
      body.replaceChildren(...sorted);  // one change of the body: far less work than moving rows one by one
    }
    current = state;
    show(state);
    const th = state && headers[state.column];
    status.textContent = state
      ? `已按“${title(th)}”${WORDS[th.dataset.sort][state.direction]}排列，共 ${rows.length} 行。`
      : "已恢复原文顺序。";
  }

  headers.forEach((th, column) => {
    const kind = th.dataset.sort;
    if (!WORDS[kind]) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "bs-sort";
    const label = document.createElement("span");
    label.className = "bs-sort__label";
    label.append(...th.childNodes);
    const mark = document.createElement("span");
    mark.className = "bs-sort__mark";
    mark.setAttribute("aria-hidden", "true");
    button.append(label, mark);
    th.append(button);
    buttons[column] = button;
    button.addEventListener("click", () => sort(next(current, column, kind)));
  });
  reset.addEventListener("click", () => sort(null));
  table.classList.add("bs-sort-ready");
  show(null);
}

document.querySelectorAll("table.bs-sortable").forEach(enhance);
