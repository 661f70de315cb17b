/* Reader settings (大字版, 高对比度) and keyboard access to Material's header labels.
   The inline script in main.html applies saved settings before first paint; this file wires the
   buttons. Settings are classes on <html> ("bs-large-text", "bs-contrast"), saved as "bs-<name>". */
(function () {
  "use strict";
  var root = document.documentElement;

  function store(name, on) {
    try { localStorage.setItem("bs-" + name, on ? "on" : "off"); } catch (e) { /* private mode */ }
  }

  /* A table too wide for a phone in large text scrolls inside its wrapper: make that wrapper a
     named, focusable region so that it can be scrolled with the keyboard. */
  function markScrollingTables() {
    document.querySelectorAll(".bs-table-wrap").forEach(function (wrap) {
      var caption = wrap.querySelector("caption");
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent : "表格");
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);

  document.querySelectorAll("[data-bs-setting]").forEach(function (button) {
    var name = button.getAttribute("data-bs-setting");
    button.setAttribute("aria-pressed", String(root.classList.contains("bs-" + name)));
    button.addEventListener("click", function () {
      var on = root.classList.toggle("bs-" + name);
      button.setAttribute("aria-pressed", String(on));
      store(name, on);
      markScrollingTables();
    });
  });

  /* Material opens the navigation drawer and, on narrow screens, the search with a <label for=…>,
     which a keyboard cannot reach. Make such labels focusable buttons; Material's own key handler
     clicks a focused label on Enter, so this adds Space, as for any button. */
  var NAMES = { __drawer: "导航菜单", __search: "搜索" };
  document.querySelectorAll(".md-header label.md-header__button[for]").forEach(function (label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (!label.hasAttribute("aria-label")) label.setAttribute("aria-label", NAMES[label.htmlFor] || label.htmlFor);
    label.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        toggle.click();
      }
    });
  });
})();
