/*
 * Site search: lunr.js over the index written by generator/exports/search.py, in the header
 * (results drop down below the box) and on the search page (/search/?q=…&unit=…&year=…, results
 * in the page, each search a step in the browser history).
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
 * ranked: newest year first, then by class: exact name, name, code, unit, body; then document order.
 * User text never reaches lunr's query parser: queries are built with index.query().
 *
 * Forgiving how Chinese is typed (readings from index.json `pinyin`, made with pypinyin):
 *   pinyin:     a query of letters only also matches names and units typed in pinyin: each
 *               character in full (zhujingban, zhu jing ban) or by its initial (zjb, zhjb), the
 *               last one possibly cut short; at least 2 characters in full or 3 with initials.
 *               These results are listed after the exact ones, in a group of their own; a match
 *               nearer the start of a name ranks higher (people type names from the start).
 *   homophones: when a query of Han characters finds fewer than LITTLE results, each character is
 *               replaced by indexed characters with the same reading (tone ignored) such that the
 *               new spelling occurs in the index (every adjacent pair is an index bigram); the
 *               spellings that find something are offered as "您是不是要找：…" links, and their
 *               results follow, each in its own group.
 */
(function () {
  "use strict";

  var config = document.querySelector(".bs-search__form[data-index]");
  if (!config || typeof lunr === "undefined") return;

  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}";
  var RUNS = new RegExp("[" + HAN + "]+|[0-9a-z]+", "gu");
  var IS_HAN = new RegExp("^[" + HAN + "]$", "u");
  var CODE_GRAM = 3;
  var PAGE = 50;
  var LITTLE = 3;        // fewer exact results than this: look for same-sounding spellings
  var SUGGESTIONS = 3;   // at most this many "您是不是要找" spellings
  var CLASSES = ["名称完全一致", "名称匹配", "编码匹配", "单位匹配", "正文匹配"];
  var PINYIN_CLASSES = ["名称拼音匹配", "名称首字母匹配", "单位拼音匹配"];
  var KINDS = { project: "项目", unit: "预算单位", overview: "部门整体" };

  var base = new URL(config.getAttribute("data-root"), location.href);
  var searchPage = new URL(config.getAttribute("data-page"), location.href);

  // --- the engine: index, exact search, pinyin, homophones --------------------------------------

  var t2s = new Map();
  var data = null;      // {docs, index, years, readings, sounds}
  var bodies = null;    // normalised body text per document
  var loading = null;

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

  // Quotation marks around words ("驻京办", “驻京办”: a habit from other search engines) part
  // words like spaces; a name that has them (“三个努力建成”工作经费) is found by the words between.
  var QUOTES = /["“”]/g;

  function words(text) {
    return normalise(text).replace(QUOTES, " ").trim().split(/\s+/);
  }

  function terms(query) {
    var seen = new Set();
    return words(query).filter(function (t) {
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
    return fetch(config.getAttribute(attr)).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function load() {
    if (!loading) {
      loading = Promise.all([fetchJSON("data-index"), fetchJSON("data-body")]).then(function (files) {
        var index = files[0];
        var pair = index.t2s.map(function (s) { return Array.from(s); });
        pair[0].forEach(function (ch, i) { t2s.set(ch, pair[1][i]); });
        var d = { docs: index.docs, index: lunrIndex(index.lunr, index.docs.length),
                  years: [],
                  readings: new Map(),   // character → its readings
                  sounds: new Map() };   // reading → the indexed characters read that way
        d.docs.forEach(function (doc) {
          doc.n = { name: normalise(doc.title), code: normalise(doc.code),
                    unit: normalise((doc.unit_code || "") + " " + doc.unit) };
          if (d.years.indexOf(doc.year) < 0) d.years.push(doc.year);
        });
        d.years.sort(function (a, b) { return b - a; });
        Object.keys(index.pinyin).forEach(function (syllable) {
          var chars = [];
          Array.from(index.pinyin[syllable]).forEach(function (ch) {
            if (!d.readings.has(ch)) d.readings.set(ch, []);
            d.readings.get(ch).push(syllable);
            if (ch in d.index.invertedIndex) chars.push(ch);
          });
          d.sounds.set(syllable, chars);
        });
        data = d;
        bodies = files[1].body;
      });
    }
    return loading;
  }

  // Whether a token (a character, two characters, a code trigram) occurs in names, codes or units
  // (lunr's inverted index: an object without prototype, keyed by token).
  function indexed(token) { return token in data.index.invertedIndex; }

  // Refs of documents that may contain `term`: all its tokens in name/code/unit, or body text.
  // `within` (optional): only these refs are wanted, so only their bodies are read.
  function candidates(term, within) {
    var wanted = queryTokens(term);
    var found = new Set();
    data.index.query(function (q) {
      wanted.forEach(function (w) {
        q.term(w.token, { usePipeline: false, presence: lunr.Query.presence.REQUIRED,
                          wildcard: w.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
      });
    }).forEach(function (r) { if (!within || within.has(Number(r.ref))) found.add(Number(r.ref)); });
    if (within) within.forEach(function (ref) { if (bodies[ref].indexOf(term) >= 0) found.add(ref); });
    else bodies.forEach(function (body, ref) { if (body.indexOf(term) >= 0) found.add(ref); });
    return found;
  }

  function rankClass(doc, ref, term) {
    if (doc.n.name.indexOf(term) >= 0) return 1;
    if (doc.n.code.indexOf(term) >= 0) return 2;
    if (doc.n.unit.indexOf(term) >= 0) return 3;
    if (bodies[ref].indexOf(term) >= 0) return 4;
    return -1;
  }

  // Newest year first, then by class; pinyin matches nearer the start of the name first.
  function byYearRankRef(a, b) {
    return b.doc.year - a.doc.year || a.rank - b.rank || (a.span ? a.span.start - b.span.start : 0) || a.ref - b.ref;
  }

  // Documents containing every term (normalised) as a substring of a field, ranked.
  function exact(ts) {
    if (!ts.length) return [];
    var refs = null;  // documents that may contain every term so far
    ts.forEach(function (t) { if (!refs || refs.size) refs = candidates(t, refs); });
    var results = [];
    refs.forEach(function (ref) {
      var doc = data.docs[ref], cls = 1;
      for (var i = 0; i < ts.length; i++) {
        var c = rankClass(doc, ref, ts[i]);
        if (c < 0) return;  // post-filter: this term is not a substring of any field
        cls = Math.max(cls, c);
      }
      if (words(doc.n.name).join(" ") === ts.join(" ")) cls = 0;
      results.push({ ref: ref, doc: doc, rank: cls, tag: CLASSES[cls], terms: ts });
    });
    return results.sort(byYearRankRef);
  }

  // A query typed as pinyin: letters only; spaces and apostrophes between syllables are dropped.
  // Longer than any name could spell (200 letters): not pinyin.
  function pinyinOf(query) {
    var text = words(query).join(" ");
    var letters = /^[a-z][a-z' ]*$/.test(text) ? text.replace(/[' ]/g, "") : "";
    return letters.length <= 200 ? letters : "";
  }

  // The first place where `chars` spell the pinyin `q`: each character by a reading in full, by
  // its initial (z or zh for zhu), or — the last one — by the start of a reading. At least 2
  // characters all in full, or 3 otherwise. A match all in full beats an earlier abbreviated one.
  // Returns {start, end, full} or null.
  function pinyinMatch(chars, q) {
    var best = null, failed = null;
    for (var start = 0; start < chars.length && !(best && best.full); start++) {
      if (!readsFrom(chars[start], q[0])) continue;  // most characters: not even the first letter
      failed = null;
      var m = from(start, start, 0, true);
      if (m && (!best || m.full)) best = m;
    }
    return best;

    function from(start, k, j, full) {
      var n = k - start;
      if (j === q.length) return (full ? n >= 2 : n >= 3) ? { start: start, end: k, full: full } : null;
      var key = (k * 256 + j) * 2 + (full ? 1 : 0);  // j ≤ 200 (pinyinOf)
      if (k >= chars.length || (failed && failed.has(key))) return null;
      var readings = data.readings.get(chars[k]) || [], m = null;
      for (var i = 0; i < readings.length && !m; i++) {
        var s = readings[i];
        if (s[0] !== q[j]) continue;
        if (q.startsWith(s, j)) m = from(start, k + 1, j + s.length, full);
        if (!m && q.length - j < s.length && s.startsWith(q.slice(j)) && n + 1 >= 3) m = { start: start, end: k + 1, full: false };
        if (!m && s.length > 1) m = from(start, k + 1, j + 1, false);
        if (!m && /^[zcs]h/.test(s) && q[j + 1] === "h") m = from(start, k + 1, j + 2, false);
      }
      if (!m) (failed = failed || new Set()).add(key);
      return m;
    }
  }

  // Whether a character has a reading that begins with `letter`.
  function readsFrom(ch, letter) {
    var readings = data.readings.get(ch);
    if (readings) for (var i = 0; i < readings.length; i++) if (readings[i][0] === letter) return true;
    return false;
  }

  // Where a document's name spells the pinyin `q` (rank 0 all in full, 1 with initials), or else its
  // unit (rank 2; `unitMatches` keeps each unit's match for the query): {rank, span} or null.
  function spells(doc, q, unitMatches) {
    doc.chars = doc.chars || Array.from(doc.n.name);  // the first pinyin query splits the names
    var m = pinyinMatch(doc.chars, q);
    if (m) return { rank: m.full ? 0 : 1, span: { field: "name", start: m.start, end: m.end } };
    if (!unitMatches.has(doc.unit)) unitMatches.set(doc.unit, pinyinMatch(Array.from(normalise(doc.unit)), q));
    m = unitMatches.get(doc.unit);
    return m && { rank: 2, span: { field: "unit", start: m.start, end: m.end } };
  }

  // Documents whose name (or else unit) spells the pinyin `q`, leaving out refs in `exclude`.
  function pinyinFind(q, exclude) {
    var units = new Map(), results = [];
    data.docs.forEach(function (doc, ref) {
      if (exclude.has(ref)) return;
      var s = spells(doc, q, units);
      if (s) results.push({ ref: ref, doc: doc, rank: s.rank, tag: PINYIN_CLASSES[s.rank], terms: [], span: s.span });
    });
    return results.sort(byYearRankRef);
  }

  // Several words, some typed in pinyin ("zjb 租赁", "zhujingban zulin"), when nothing else is found:
  // each word occurs as typed (in any field) or, letters only, spells part of the name or unit.
  function wordsFind(ts, exclude) {
    var typed = ts.filter(function (t) { return /^[a-z']+$/.test(t); });
    if (ts.length < 2 || !typed.length) return [];
    var literal = ts.filter(function (t) { return typed.indexOf(t) < 0; });
    var within = literal.length ? new Set(exact(literal).map(function (r) { return r.ref; })) : null;
    var letters = typed.map(function (t) { return t.replace(/'/g, ""); }).filter(function (q) { return q.length <= 200; });
    if (letters.length < typed.length) return [];  // as pinyinOf: longer is not pinyin
    var units = typed.map(function () { return new Map(); }), results = [];
    data.docs.forEach(function (doc, ref) {
      if (exclude.has(ref) || (within && !within.has(ref))) return;
      var rank = 0, span = null;
      for (var i = 0; i < typed.length; i++) {
        if (rankClass(doc, ref, typed[i]) >= 0) continue;
        var s = spells(doc, letters[i], units[i]);
        if (!s) return;
        rank = Math.max(rank, s.rank);
        span = span || s.span;
      }
      results.push({ ref: ref, doc: doc, rank: rank, tag: PINYIN_CLASSES[rank], terms: literal, span: span });
    });
    return results.sort(byYearRankRef);
  }

  // Spellings of `term` that sound the same and occur in the index, fewest changed characters first.
  function soundAlikes(term) {
    var chars = Array.from(term), han = chars.map(function (ch) { return IS_HAN.test(ch); });
    if (han.filter(Boolean).length < 2) return [];  // one character is too short to guess from
    var options = chars.map(function (ch, k) {
      if (!han[k]) return [ch];
      var out = indexed(ch) ? [ch] : [];
      (data.readings.get(ch) || []).forEach(function (s) {
        data.sounds.get(s).forEach(function (c) { if (out.indexOf(c) < 0) out.push(c); });
      });
      return out;
    });
    var found = [], steps = 0, spelling = [];
    (function walk(k, changed) {
      if (found.length >= 20 || ++steps > 5000) return;
      if (k === chars.length) {
        if (changed) found.push({ term: spelling.join(""), changed: changed });
        return;
      }
      options[k].forEach(function (c) {
        if (han[k] && k > 0 && han[k - 1] && !indexed(spelling[k - 1] + c)) return;
        spelling.push(c);
        walk(k + 1, changed + (c === chars[k] ? 0 : 1));
        spelling.pop();
      });
    })(0, 0);
    return found.sort(function (a, b) { return a.changed - b.changed; });
  }

  // "您是不是要找" queries for terms that find little: each weak term replaced by a same-sounding
  // spelling; those that find something, fewest changes and then most results first.
  function suggest(ts) {
    var choices = ts.map(function (t) {
      var alikes = exact([t]).length < LITTLE ? soundAlikes(t).slice(0, SUGGESTIONS) : [];
      return [{ term: t, changed: 0 }].concat(alikes);
    });
    var combos = [{ terms: [], changed: 0 }];
    choices.forEach(function (options) {
      var next = [];
      combos.forEach(function (c) {
        options.forEach(function (o) { next.push({ terms: c.terms.concat(o.term), changed: c.changed + o.changed }); });
      });
      combos = next.sort(function (a, b) { return a.changed - b.changed; }).slice(0, 3 * SUGGESTIONS);
    });
    return combos.filter(function (c) { return c.changed > 0; }).map(function (c) {
      return { query: c.terms.join(" "), changed: c.changed, results: exact(c.terms) };
    }).filter(function (s) { return s.results.length; }).sort(function (a, b) {
      return a.changed - b.changed || b.results.length - a.results.length;
    }).slice(0, SUGGESTIONS);
  }

  // Everything a query finds, in display order: groups[0] exact results, then pinyin or
  // same-sounding results. Each row: {ref, doc, rank, tag, terms, group, span?}.
  function find(query) {
    var ts = terms(query), q = pinyinOf(query);
    var found = { query: query, terms: ts, groups: [{ kind: "exact" }], rows: [], suggestions: [] };
    if (!ts.length && !q) return found;
    var seen = new Set();
    function add(rows, group) {  // rows not shown yet, under `group` (groups[0]: the exact results)
      if (group) found.groups.push(group);
      rows.forEach(function (r) {
        if (seen.has(r.ref)) return;
        seen.add(r.ref);
        r.group = found.groups.length - 1;
        found.rows.push(r);
      });
    }
    var byPinyin = { kind: "pinyin", caption: "按拼音“" + shorten(query.trim()) + "”找到的结果" };
    add(exact(ts));
    if (q) {
      found.pinyin = q;
      add(pinyinFind(q, seen), byPinyin);
    } else if (found.rows.length < LITTLE) {
      found.suggestions = suggest(ts);
      found.suggestions.forEach(function (s) {
        add(s.results, { kind: "alike", caption: "“" + s.query + "”的结果（与“" + shorten(ts.join(" ")) + "”读音相同）" });
      });
    }
    var mixed = found.rows.length ? [] : wordsFind(ts, seen);
    if (mixed.length) {
      found.pinyin = found.pinyin || ts.join(" ");
      add(mixed, byPinyin);
    }
    return found;
  }

  function shorten(text) {
    var chars = Array.from(text);
    return chars.length > 30 ? chars.slice(0, 30).join("") + "…" : text;
  }

  // --- rendering -----------------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Text with every occurrence of the terms marked, and the span [start, end) if given
  // (normalisation keeps one character per character).
  function marked(text, ts, span) {
    var chars = Array.from(text), normChars = Array.from(normalise(text)), hit = new Array(chars.length);
    ts.forEach(function (t) {
      var len = Array.from(t).length;
      for (var i = 0; i + len <= normChars.length; i++) {
        if (normChars.slice(i, i + len).join("") === t) for (var k = i; k < i + len; k++) hit[k] = true;
      }
    });
    if (span) for (var k = span.start; k < span.end; k++) hit[k] = true;
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

  function item(r) {
    var d = r.doc, li = el("li", "md-search-result__item bs-search__item");
    var span = function (field) { return r.span && r.span.field === field ? r.span : null; };
    var link = el("a", "bs-search__link");
    link.href = new URL(d.url, base).href;
    link.appendChild(marked(d.title, r.terms, span("name")));
    var title = el("div", "bs-search__title");
    title.appendChild(link);
    title.appendChild(el("span", "bs-search__tag", KINDS[d.kind] + " · " + r.tag));
    li.appendChild(title);
    var meta = el("dl", "bs-search__meta");
    function field(label, value) {
      if (!value) return;
      var div = el("div");
      div.appendChild(el("dt", "", label));
      var dd = el("dd");
      dd.appendChild(typeof value === "string" ? marked(value, r.terms) : value);
      div.appendChild(dd);
      meta.appendChild(div);
    }
    if (d.kind === "project") {
      field("项目编码", d.code);
      field("预算单位", marked(d.unit, r.terms, span("unit")));
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

  // The search page's address for a query and filters (shared links, suggestions).
  function pageAddress(state) {
    var url = new URL(searchPage.href);
    if (state.q) url.searchParams.set("q", state.q);
    if (state.unit) url.searchParams.set("unit", state.unit);
    if (state.year) url.searchParams.set("year", state.year);
    return url;
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    return { q: params.get("q") || "", unit: params.get("unit") || "", year: params.get("year") || "" };
  }

  /*
   * One search box with its results: the header's (root .bs-search in the header) or the search
   * page's (root .bs-search--page). `onSearch(how)` is told when results for a new query or filter
   * are shown: how is "typed", "chosen" (Enter, a suggestion, a filter) or "restored".
   */
  function Box(root, onSearch) {
    var form = root.querySelector(".bs-search__form");
    var input = root.querySelector(".bs-search__input");
    var panel = root.querySelector(".bs-search__panel");
    var message = root.querySelector(".bs-search__message");
    var suggestBox = root.querySelector(".bs-search__suggest");
    var filterBox = root.querySelector(".bs-search__filter");
    var unitSelect = root.querySelector(".bs-search__unit");
    var yearSelect = root.querySelector(".bs-search__year");
    var share = root.querySelector(".bs-search__share");
    var resultsBox = root.querySelector(".bs-search__results");
    var more = root.querySelector(".bs-search__more");
    var current = { found: find(""), shown: 0, list: null, group: -1 };
    var filters = { unit: "", year: "" };
    var timer = 0;

    function state() { return { q: input.value.trim(), unit: filters.unit, year: filters.year }; }

    // A funding unit is known by its code in every year; a year filter narrows to one year.
    function visible() {
      return current.found.rows.filter(function (r) {
        return (!filters.unit || r.doc.unit_code === filters.unit) && (!filters.year || String(r.doc.year) === filters.year);
      });
    }

    function options(select, label, total, counts, names, wanted) {
      select.textContent = "";
      select.appendChild(new Option(label + "（" + total + "）", ""));
      names.forEach(function (name, key) { select.appendChild(new Option(name + "（" + counts.get(key) + "）", key)); });
      select.value = counts.has(wanted) ? wanted : "";
      return select.value;
    }

    // Each filter lists what the other one leaves, with counts.
    function renderFilter() {
      var units = new Map(), unitCounts = new Map(), yearCounts = new Map(), unitTotal = 0, yearTotal = 0;
      current.found.rows.forEach(function (r) {
        var d = r.doc;
        if (!filters.year || String(d.year) === filters.year) {
          unitTotal++;
          if (d.unit_code) unitCounts.set(d.unit_code, (unitCounts.get(d.unit_code) || 0) + 1);
          if (d.unit_code && !units.has(d.unit_code)) units.set(d.unit_code, d.unit);  // newest year's name
        }
        if (!filters.unit || d.unit_code === filters.unit) {
          yearTotal++;
          yearCounts.set(String(d.year), (yearCounts.get(String(d.year)) || 0) + 1);
        }
      });
      var unitNames = new Map(Array.from(units.keys()).sort().map(function (k) { return [k, units.get(k)]; }));
      var yearNames = new Map(data ? data.years.filter(function (y) { return yearCounts.has(String(y)); })
        .map(function (y) { return [String(y), y + "年"]; }) : []);
      var unit = options(unitSelect, "全部预算单位", unitTotal, unitCounts, unitNames, filters.unit);
      var year = options(yearSelect, "全部年度", yearTotal, yearCounts, yearNames, filters.year);
      filters = { unit: unit, year: year };
      unitSelect.parentNode.hidden = unitCounts.size === 0;
      yearSelect.parentNode.hidden = !data || data.years.length < 2 || yearCounts.size === 0;
      if (share) {
        share.hidden = !state().q;
        share.href = pageAddress(state()).href;
      }
      filterBox.hidden = unitSelect.parentNode.hidden && yearSelect.parentNode.hidden && (!share || share.hidden);
    }

    function startGroup(g) {
      var group = current.found.groups[g], list = el("ol", "md-search-result__list bs-search__list");
      if (g === 0) list.setAttribute("aria-label", "搜索结果");
      else {
        var caption = el("p", "bs-search__group", group.caption);
        caption.id = panel.id + "-group-" + g;
        list.setAttribute("aria-labelledby", caption.id);
        resultsBox.appendChild(caption);
      }
      resultsBox.appendChild(list);
      current.list = list;
      current.group = g;
    }

    function renderSuggestions() {
      suggestBox.textContent = "";
      var found = current.found;
      if (!found.suggestions.length) return;
      suggestBox.appendChild(document.createTextNode("您是不是要找："));
      found.suggestions.forEach(function (s, i) {
        if (i) suggestBox.appendChild(document.createTextNode("、"));
        var link = el("a", "bs-search__suggestion", s.query);
        link.href = pageAddress({ q: s.query, unit: filters.unit, year: filters.year }).href;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          input.value = s.query;
          run("chosen").then(function () { input.focus(); });
        });
        suggestBox.appendChild(link);
        suggestBox.appendChild(document.createTextNode("（" + s.results.length + " 个结果）"));
      });
    }

    function statusText(rows, end) {
      var found = current.found, total = found.rows.length;
      var exactCount = found.rows.filter(function (r) { return r.group === 0; }).length;
      if (!found.terms.length && !found.pinyin) {
        return input.value.trim() ? "请输入汉字、字母或数字" : "输入项目名称、项目编码或预算单位的一部分";
      }
      var text = exactCount ? "找到 " + exactCount + " 个结果" : "没有找到包含“" + shorten(found.terms.join(" ") || input.value.trim()) + "”的结果";
      if (found.pinyin && total > exactCount) {
        text = exactCount ? text + "；另按拼音找到 " + (total - exactCount) + " 个" : "按拼音找到 " + total + " 个结果";
      }
      if (rows.length < total) text += "，筛选后 " + rows.length + " 个";
      if (end < rows.length) text += "，已显示前 " + end + " 个";
      return text + (found.suggestions.length ? "。" : "");
    }

    function renderList(append) {
      var rows = visible();
      if (!append) { resultsBox.textContent = ""; current.shown = 0; current.list = null; current.group = -1; }
      var end = Math.min(rows.length, current.shown + PAGE);
      for (var i = current.shown; i < end; i++) {
        if (rows[i].group !== current.group) startGroup(rows[i].group);
        current.list.appendChild(item(rows[i]));
      }
      current.shown = end;
      more.hidden = end >= rows.length;
      more.textContent = "显示更多结果（还有 " + (rows.length - end) + " 个）";
      message.textContent = statusText(rows, end);
    }

    function render() {
      renderFilter();
      renderSuggestions();
      renderList(false);
    }

    // Search for what the box holds; `how` is passed to onSearch once the results are shown.
    function run(how) {
      clearTimeout(timer);
      var query = input.value;
      if (!query.trim()) {
        current.found = find("");
        render();
        panel.setAttribute("data-query", query);
        onSearch(how);
        return Promise.resolve(current);
      }
      if (!data) message.textContent = "正在加载搜索索引…";
      return load().then(function () {
        if (query !== input.value) return current;  // superseded by later typing
        current.found = find(query);
        render();
        panel.setAttribute("data-query", query);  // what the list shows (tests wait for it)
        onSearch(how);
        return current;
      }, function () {
        message.textContent = "搜索索引加载失败，请稍后重试，或浏览“全部项目”列表。";
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run("typed"); }, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run("chosen");
    });
    [[unitSelect, "unit"], [yearSelect, "year"]].forEach(function (pair) {
      pair[0].addEventListener("change", function () {
        filters[pair[1]] = pair[0].value;
        renderFilter();
        renderList(false);
        onSearch("chosen");
      });
    });
    more.addEventListener("click", function () {
      var first = current.shown;
      renderList(true);
      var next = resultsBox.querySelectorAll(".bs-search__item")[first];
      if (next) next.querySelector("a").focus();
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && document.activeElement === input) {
        var firstLink = resultsBox.querySelector("a");
        if (firstLink) { event.preventDefault(); firstLink.focus(); }
      }
    });

    return {
      input: input, run: run, state: state,
      // Show the search of an address (or history entry): query and filters.
      restore: function (wanted, how) {
        input.value = wanted.q;
        filters = { unit: wanted.unit, year: wanted.year };
        return run(how);
      }
    };
  }

  // --- the header box: results drop down; Escape or leaving closes them ------------------------

  var headerRoot = config.closest(".bs-search");
  var toggle = document.getElementById("__search");
  var pageRoot = document.querySelector(".bs-search--page");
  var header = Box(headerRoot, function () {});

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    load().catch(function () {});
  }

  function close() {
    if (toggle) toggle.checked = false;
  }

  var closing = false;
  header.input.addEventListener("focus", function () { if (!closing) open(); });
  header.input.addEventListener("input", open);
  config.addEventListener("submit", open);
  if (toggle) toggle.addEventListener("change", function () {  // header magnifier (small screens)
    if (toggle.checked) header.input.focus();
  });
  headerRoot.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
      closing = true;
      header.input.focus();
      closing = false;
    }
  });
  headerRoot.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !headerRoot.contains(event.relatedTarget)) close();
  });

  // --- the search page: the address holds the search; Back and Forward move between searches ---

  var page = null;
  if (pageRoot) {
    var committed = true;  // the history entry shows a finished search: the next one gets its own
    var settle = 0;
    var title = document.title;
    page = Box(pageRoot, function (how) {
      clearTimeout(settle);
      var q = page.state().q;  // the title names the search: in the history list, in bookmarks and tabs
      document.title = q ? "“" + shorten(q) + "”的搜索结果 - " + title : title;
      var url = pageAddress(page.state()).href;
      if (how !== "restored" && url !== location.href) {
        // Typing replaces the entry it started; a search chosen, or read for a while, keeps its own.
        history[committed || how === "chosen" ? "pushState" : "replaceState"](null, "", url);
      }
      committed = how !== "typed";
      if (!committed) settle = setTimeout(function () { committed = true; }, 1500);
    });
    pageRoot.hidden = false;
    document.querySelectorAll(".bs-search-page__nojs").forEach(function (e) { e.hidden = true; });
    window.addEventListener("popstate", function () {
      committed = true;
      page.restore(fromAddress(), "restored");
    });
    var wanted = fromAddress();
    if (wanted.q) page.restore(wanted, "restored");
  } else {
    var initial = fromAddress();
    if (initial.q) {
      open();
      header.restore(initial, "restored");
    }
  }

  // For tests and benchmarks: ranked results of a query (search), or the query shown in the box (show).
  window.budgetSearch = {
    ready: load,
    search: function (query) { return load().then(function () { return find(query).rows; }); },
    show: function (query) { header.input.value = query; open(); return header.run("typed"); },
    normalise: normalise,
    queryTokens: queryTokens
  };
})();
