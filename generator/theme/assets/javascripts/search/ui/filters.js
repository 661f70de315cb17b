/*
 * The filters of a search box: funding unit and year (a site of several years), each listing what
 * the other leaves with counts, and in the header the link to the same search on the search page.
 * A funding unit is known by its code in every year; a year filter narrows to one year.
 */

import { pageAddress } from "./address.js";

function fill(select, label, total, counts, names, wanted) {
  select.textContent = "";
  select.appendChild(new Option(label + "（" + total + "）", ""));
  names.forEach((name, key) => select.appendChild(new Option(name + "（" + counts.get(key) + "）", key)));
  select.value = counts.has(wanted) ? wanted : "";
  return select.value;
}

// `onChange()` is called when the reader picks a unit or a year.
export function Filters(root, searchPage, onChange) {
  const box = root.querySelector(".bs-search__filter");
  const unitSelect = root.querySelector(".bs-search__unit");
  const yearSelect = root.querySelector(".bs-search__year");
  const share = root.querySelector(".bs-search__share");
  const self = {
    unit: "",
    year: "",
    keeps: (r) => (!self.unit || r.doc.unit_code === self.unit) && (!self.year || String(r.doc.year) === self.year),
    // The filter options for all `rows` found, the years of the index (none before it is loaded),
    // and the share link for the query `q`.
    render(rows, years, q) {
      const units = new Map();
      const unitCounts = new Map();
      const yearCounts = new Map();
      let unitTotal = 0;
      let yearTotal = 0;
      rows.forEach((r) => {
        const d = r.doc;
        if (!self.year || String(d.year) === self.year) {
          unitTotal++;
          if (d.unit_code) unitCounts.set(d.unit_code, (unitCounts.get(d.unit_code) || 0) + 1);
          if (d.unit_code && !units.has(d.unit_code)) units.set(d.unit_code, d.unit);  // newest year's name
        }
        if (!self.unit || d.unit_code === self.unit) {
          yearTotal++;
          yearCounts.set(String(d.year), (yearCounts.get(String(d.year)) || 0) + 1);
        }
      });
      const unitNames = new Map(Array.from(units.keys()).sort().map((k) => [k, units.get(k)]));
      const yearNames = new Map(years.filter((y) => yearCounts.has(String(y))).map((y) => [String(y), y + "年"]));
      self.unit = fill(unitSelect, "全部预算单位", unitTotal, unitCounts, unitNames, self.unit);
      self.year = fill(yearSelect, "全部年度", yearTotal, yearCounts, yearNames, self.year);
      unitSelect.parentNode.hidden = unitCounts.size === 0;
      yearSelect.parentNode.hidden = years.length < 2 || yearCounts.size === 0;
      if (share) {
        share.hidden = !q;
        share.href = pageAddress(searchPage, { q: q, unit: self.unit, year: self.year }).href;
      }
      box.hidden = unitSelect.parentNode.hidden && yearSelect.parentNode.hidden && (!share || share.hidden);
    },
  };
  [[unitSelect, "unit"], [yearSelect, "year"]].forEach(([select, key]) => {
    select.addEventListener("change", () => {
      self[key] = select.value;
      onChange();
    });
  });
  return self;
}
