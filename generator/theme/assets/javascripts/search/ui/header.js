/*
 * The header's search box: results drop down below it as one types; Enter opens the search page
 * with the search (/search/?q=…); Escape or leaving the search closes the results.
 * On small screens the header's magnifier opens the box (Material's #__search toggle).
 */

import { pageAddress } from "./address.js";
import { Box } from "./box.js";

export function HeaderSearch(root, site) {
  const toggle = document.getElementById("__search");
  const box = Box(root, site, () => {}, (state) => location.assign(pageAddress(site.searchPage, state).href));

  const open = () => {
    if (toggle && !toggle.checked) toggle.checked = true;
    site.load().catch(() => {});
  };
  const close = () => {
    if (toggle) toggle.checked = false;
  };

  let closing = false;
  box.input.addEventListener("focus", () => { if (!closing) open(); });
  box.input.addEventListener("input", open);
  if (toggle) toggle.addEventListener("change", () => {  // header magnifier (small screens)
    if (toggle.checked) box.input.focus();
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      close();
      closing = true;
      box.input.focus();
      closing = false;
    }
  });
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });

  return {
    // Show `query` in the box with its results (tests and benchmarks).
    show(query) {
      box.input.value = query;
      open();
      return box.run("typed");
    },
    // Open the results of the search in the address (a page opened with ?q=…).
    restore(wanted) {
      open();
      return box.restore(wanted, "restored");
    },
  };
}
