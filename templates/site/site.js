// git adr site: search and filters on the index page. Runs from file:// too: the index is a
// script (assets/search-index.js) that sets window.GIT_ADR_SEARCH, not a fetched file.
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2; });
  }

  // The first position in the sorted array `terms` whose term is >= `word`.
  function lowerBound(terms, word) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < word) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  // The rows holding every word of `query` (each as a prefix), or null when there is no query.
  function search(data, query) {
    var ws = words(query);
    if (ws.length === 0) { return null; }
    var result = null;
    ws.forEach(function (w) {
      var found = new Set();
      for (var i = lowerBound(data.t, w); i < data.t.length && data.t[i].startsWith(w); i++) {
        data.p[i].forEach(function (n) { found.add(n); });
      }
      result = result === null ? found : new Set(Array.from(result).filter(function (n) { return found.has(n); }));
    });
    return result;
  }

  function start() {
    var table = document.getElementById("records");
    var data = window.GIT_ADR_SEARCH;
    if (!table || !data) { return; }
    var rows = table.tBodies[0].rows;
    var q = document.getElementById("q");
    var status = document.getElementById("f-status");
    var kind = document.getElementById("f-kind");
    var tag = document.getElementById("f-tag");
    var count = document.getElementById("count");
    var none = document.getElementById("none");
    document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });

    function apply() {
      var hits = search(data, q.value);
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var d = data.d[i] || ["", "", []];
        var ok = (hits === null || hits.has(i)) &&
          (!status.value || d[1] === status.value) &&
          (!kind.value || d[0] === kind.value) &&
          (!tag.value || d[2].indexOf(tag.value) >= 0);
        rows[i].hidden = !ok;
        if (ok) { shown++; }
      }
      count.textContent = shown === rows.length ? rows.length + " records" : shown + " of " + rows.length + " records";
      none.hidden = shown !== 0;
    }

    [q, status, kind, tag].forEach(function (el) {
      el.addEventListener(el === q ? "input" : "change", apply);
    });
    if (q.value || status.value || kind.value || tag.value) { apply(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
