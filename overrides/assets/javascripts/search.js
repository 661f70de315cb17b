/*
 * Site search in the header: lunr.js over the index written by generator/exports/search.py.
 *
 * Normalisation and tokenisation — the same rules as generator/exports/search.py (keep in step):
 *   normalise: full-width ASCII (U+FF01–FF5E) → half-width, U+3000 → space, A–Z → a–z,
 *              traditional → simplified per character (table `t2s` shipped in index.json).
 *   tokens:    runs of Han characters and runs of [0-9a-z]; a Han run needs its unigram
 *              (1 character) or every bigram, a [0-9a-z] run every trigram (3+ characters)
 *              or a token starting with it (shorter runs).
 * Every query token is required (lunr presence REQUIRED), so every document containing a term
 * is a candidate; body text (search/body.json) is scanned for the term as a substring.
 * Results are then kept only if each term is a substring of name, code, unit or body, and
 * ranked by class: exact name, name, code, unit, body; then in document order.
 * User text never reaches lunr's query parser: queries are built with index.query().
 */
(function () {
  "use strict";

  var form = document.querySelector(".bs-search__form");
  if (!form || typeof lunr === "undefined") return;

  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}";
  var RUNS = new RegExp("[" + HAN + "]+|[0-9a-z]+", "gu");
  var CODE_GRAM = 3;
  var PAGE = 50;
  var CLASSES = ["名称完全一致", "名称匹配", "编码匹配", "单位匹配", "正文匹配"];
  var KINDS = { project: "项目", unit: "预算单位", overview: "部门整体" };

  var input = form.querySelector(".bs-search__input");
  var toggle = document.getElementById("__search");
  var root = form.closest(".md-search");
  var status = root.querySelector(".bs-search__status");
  var filterBox = root.querySelector(".bs-search__filter");
  var filter = filterBox.querySelector("select");
  var list = root.querySelector(".bs-search__list");
  var more = root.querySelector(".bs-search__more");
  var panel = root.querySelector(".bs-search__panel");
  var base = new URL(form.getAttribute("data-root"), location.href);

  var t2s = new Map();
  var data = null;      // {docs, index}
  var bodies = null;    // normalised body text per document
  var loading = null;
  var current = { results: [], terms: [], shown: 0 };
  var timer = 0;

  function normalise(text) {
    var out = "";
    for (var ch of String(text)) {
      var c = ch.codePointAt(0);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      else if (c === 0x3000) c = 0x20;
      if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(c + 32);
      else if (c < 0x80) out += String.fromCharCode(c);
      else out += t2s.get(ch) || ch;
    }
    return out;
  }

  function queryTokens(term) {
    var out = [], seen = new Set();
    (normalise(term).match(RUNS) || []).forEach(function (run) {
      var chars = Array.from(run);
      var n = chars[0].charCodeAt(0) < 0x80 ? CODE_GRAM : 2;
      if (chars.length < n) add(run, n === CODE_GRAM);
      else for (var i = 0; i + n <= chars.length; i++) add(chars.slice(i, i + n).join(""), false);
    });
    return out;

    function add(token, prefix) {
      var key = token + (prefix ? "*" : "");
      if (!seen.has(key)) { seen.add(key); out.push({ token: token, prefix: prefix }); }
    }
  }

  function terms(query) {
    var seen = new Set();
    return normalise(query).split(/\s+/).filter(function (t) {
      if (!t || seen.has(t) || !queryTokens(t).length) return false;
      seen.add(t);
      return true;
    });
  }

  // The compact index (see generator/exports/search.py build_index) back to lunr's own serialisation.
  function lunrIndex(compact, count) {
    var inverted = Object.keys(compact.terms).sort().map(function (term, i) {
      var posting = { _index: i };
      compact.fields.forEach(function (f) {
        var refs = {}, ref = 0;
        (compact.terms[term][f] || []).forEach(function (gap) { ref += gap; refs[ref] = {}; });
        posting[f] = refs;
      });
      return [term, posting];
    });
    var vectors = [];
    for (var ref = 0; ref < count; ref++) {
      compact.fields.forEach(function (f) { vectors.push([f + "/" + ref, []]); });
    }
    return lunr.Index.load({ version: compact.version, fields: compact.fields, fieldVectors: vectors,
                             invertedIndex: inverted, pipeline: [] });
  }

  function fetchJSON(attr) {
    return fetch(form.getAttribute(attr)).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function load() {
    if (!loading) {
      loading = Promise.all([fetchJSON("data-index"), fetchJSON("data-body")]).then(function (files) {
        var pair = files[0].t2s.map(function (s) { return Array.from(s); });
        pair[0].forEach(function (ch, i) { t2s.set(ch, pair[1][i]); });
        data = { docs: files[0].docs, index: lunrIndex(files[0].lunr, files[0].docs.length) };
        data.docs.forEach(function (d) {
          d.n = { name: normalise(d.title), code: normalise(d.code),
                  unit: normalise((d.unit_code || "") + " " + d.unit) };
        });
        bodies = files[1].body;
      });
    }
    return loading;
  }

  // Refs of documents that may contain `term`: all its tokens in name/code/unit, or body text.
  function candidates(term) {
    var wanted = queryTokens(term);
    var found = new Set();
    data.index.query(function (q) {
      wanted.forEach(function (w) {
        q.term(w.token, { usePipeline: false, presence: lunr.Query.presence.REQUIRED,
                          wildcard: w.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
      });
    }).forEach(function (r) { found.add(Number(r.ref)); });
    bodies.forEach(function (body, ref) { if (body.indexOf(term) >= 0) found.add(ref); });
    return found;
  }

  function rankClass(doc, ref, term) {
    if (doc.n.name.indexOf(term) >= 0) return 1;
    if (doc.n.code.indexOf(term) >= 0) return 2;
    if (doc.n.unit.indexOf(term) >= 0) return 3;
    if (bodies[ref].indexOf(term) >= 0) return 4;
    return -1;
  }

  function search(query) {
    var ts = terms(query);
    if (!ts.length) return { terms: ts, results: [] };
    var refs = null;
    ts.forEach(function (t) {
      var found = candidates(t);
      refs = refs === null ? found : new Set(Array.from(refs).filter(function (r) { return found.has(r); }));
    });
    var results = [];
    refs.forEach(function (ref) {
      var doc = data.docs[ref], cls = 1;
      for (var i = 0; i < ts.length; i++) {
        var c = rankClass(doc, ref, ts[i]);
        if (c < 0) return;  // post-filter: this term is not a substring of any field
        cls = Math.max(cls, c);
      }
      if (doc.n.name === ts.join(" ")) cls = 0;
      results.push({ ref: ref, doc: doc, rank: cls });
    });
    results.sort(function (a, b) { return a.rank - b.rank || a.ref - b.ref; });
    return { terms: ts, results: results };
  }

  // --- rendering -----------------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Text with every occurrence of the terms marked (normalisation keeps one character per character).
  function marked(text, ts) {
    var chars = Array.from(text), normChars = Array.from(normalise(text)), hit = new Array(chars.length);
    ts.forEach(function (t) {
      var len = Array.from(t).length;
      for (var i = 0; i + len <= normChars.length; i++) {
        if (normChars.slice(i, i + len).join("") === t) for (var k = i; k < i + len; k++) hit[k] = true;
      }
    });
    var frag = document.createDocumentFragment(), run = "", inHit = false;
    function flush() {
      if (run) frag.appendChild(inHit ? el("mark", "", run) : document.createTextNode(run));
      run = "";
    }
    chars.forEach(function (ch, i) {
      if (!!hit[i] !== inHit) { flush(); inHit = !!hit[i]; }
      run += ch;
    });
    flush();
    return frag;
  }

  function item(r, ts) {
    var d = r.doc, li = el("li", "md-search-result__item bs-search__item");
    var link = el("a", "bs-search__link");
    link.href = new URL(d.url, base).href;
    link.appendChild(marked(d.title, ts));
    var title = el("div", "bs-search__title");
    title.appendChild(link);
    title.appendChild(el("span", "bs-search__tag", KINDS[d.kind] + " · " + CLASSES[r.rank]));
    li.appendChild(title);
    var meta = el("dl", "bs-search__meta");
    function field(label, value) {
      if (!value) return;
      var div = el("div");
      div.appendChild(el("dt", "", label));
      var dd = el("dd");
      dd.appendChild(typeof value === "string" ? marked(value, ts) : value);
      div.appendChild(dd);
      meta.appendChild(div);
    }
    if (d.kind === "project") {
      field("项目编码", d.code);
      field("预算单位", d.unit);
      field("预算数", el("span", "", d.amount + " 万元"));
    } else if (d.kind === "unit") {
      field("单位编码", d.code);
      field("预算合计", el("span", "", d.amount + " 万元"));
    } else {
      field("预算合计", el("span", "", d.amount + " 万元"));
    }
    field("年度", el("span", "", d.year + "年"));
    li.appendChild(meta);
    return li;
  }

  function shorten(text) {
    var chars = Array.from(text);
    return chars.length > 30 ? chars.slice(0, 30).join("") + "…" : text;
  }

  // A funding unit is a unit of one year: the same code may return in the next year's disclosure.
  function unitKey(d) { return d.unit_code ? d.year + "/" + d.unit_code : ""; }

  function visible() {
    var unit = filter.value;
    return current.results.filter(function (r) { return !unit || unitKey(r.doc) === unit; });
  }

  function renderFilter() {
    var counts = new Map();
    var years = new Set();
    current.results.forEach(function (r) {
      var key = unitKey(r.doc);
      if (key) { counts.set(key, (counts.get(key) || 0) + 1); years.add(r.doc.year); }
    });
    var previous = filter.value;
    filter.textContent = "";
    filter.appendChild(new Option("全部预算单位（" + current.results.length + "）", ""));
    Array.from(counts.keys()).sort().reverse().forEach(function (key) {
      var doc = current.results.find(function (r) { return unitKey(r.doc) === key; }).doc;
      var label = doc.unit + (years.size > 1 ? " " + doc.year + "年" : "");
      filter.appendChild(new Option(label + "（" + counts.get(key) + "）", key));
    });
    filter.value = counts.has(previous) ? previous : "";
    filterBox.hidden = counts.size === 0;
  }

  function renderList(append) {
    var rows = visible();
    if (!append) { list.textContent = ""; current.shown = 0; }
    var end = Math.min(rows.length, current.shown + PAGE);
    for (var i = current.shown; i < end; i++) list.appendChild(item(rows[i], current.terms));
    current.shown = end;
    more.hidden = end >= rows.length;
    more.textContent = "显示更多结果（还有 " + (rows.length - end) + " 个）";
    var total = current.results.length, n = rows.length;
    if (!current.terms.length) status.textContent = input.value.trim() ? "请输入汉字、字母或数字" : "输入项目名称、项目编码或预算单位的一部分";
    else if (!total) status.textContent = "没有找到包含“" + shorten(current.terms.join(" ")) + "”的结果";
    else status.textContent = "找到 " + total + " 个结果" + (n < total ? "，筛选后 " + n + " 个" : "") +
      (end < n ? "，已显示前 " + end + " 个" : "");
  }

  function run() {
    clearTimeout(timer);
    var query = input.value;
    if (!query.trim()) {
      current = { results: [], terms: [], shown: 0 };
      renderFilter();
      renderList(false);
      panel.setAttribute("data-query", query);
      return Promise.resolve(current);
    }
    if (!data) status.textContent = "正在加载搜索索引…";
    return load().then(function () {
      if (query !== input.value) return current;  // superseded by later typing
      var found = search(query);
      current = { results: found.results, terms: found.terms, shown: 0 };
      renderFilter();
      renderList(false);
      panel.setAttribute("data-query", query);  // what the list shows (tests wait for it)
      return current;
    }, function () {
      status.textContent = "搜索索引加载失败，请稍后重试，或浏览“全部项目”列表。";
    });
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    load().catch(function () {});
  }

  function close() {
    if (toggle) toggle.checked = false;
  }

  var closing = false;
  input.addEventListener("focus", function () { if (!closing) open(); });
  input.addEventListener("input", function () {
    open();
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    open();
    run();
  });
  if (toggle) toggle.addEventListener("change", function () {  // header magnifier (small screens)
    if (toggle.checked) input.focus();
  });
  filter.addEventListener("change", function () { renderList(false); });
  more.addEventListener("click", function () {
    var first = current.shown;
    renderList(true);
    var next = list.children[first] && list.children[first].querySelector("a");
    if (next) next.focus();
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
      closing = true;
      input.focus();
      closing = false;
    } else if (event.key === "ArrowDown" && document.activeElement === input) {
      var firstLink = list.querySelector("a");
      if (firstLink) { event.preventDefault(); firstLink.focus(); }
    }
  });
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    open();
    run();
  }

  // For tests and benchmarks: ranked results of a query (search), or the query shown in the box (show).
  window.budgetSearch = {
    ready: load,
    search: function (query) { return load().then(function () { return search(query).results; }); },
    show: function (query) { input.value = query; open(); return run(); },
    normalise: normalise,
    queryTokens: queryTokens
  };
})();
