/*
 * A search in an address: /search/?q=…&unit=…&year=… (unit: a funding unit's code, year: a year).
 * Shared links, suggestions and the search page's history entries are such addresses.
 */

// The search page's address (a URL) for {q, unit, year}.
export function pageAddress(searchPage, state) {
  const url = new URL(searchPage.href);
  if (state.q) url.searchParams.set("q", state.q);
  if (state.unit) url.searchParams.set("unit", state.unit);
  if (state.year) url.searchParams.set("year", state.year);
  return url;
}

// The search in the current address: {q, unit, year}, "" where absent.
export function fromAddress() {
  const params = new URLSearchParams(location.search);
  return { q: params.get("q") || "", unit: params.get("unit") || "", year: params.get("year") || "" };
}
