/* Search across titles, tags and body text; the index is window.PLANSITE_SEARCH, loaded
   as a script so this works from file://. Matching is by substring after NFKC and case
   folding, which suits Japanese (no word boundaries) as well as English. Results are
   built with textContent only: no item text is ever parsed as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = document.documentElement.getAttribute("data-root") || "";
  var index = window.PLANSITE_SEARCH || [];
  if (!form || !input || !list) { return; }
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  var prepared = index.map(function (e) {
    return { e: e, title: norm(e.title), rest: norm([e.tags.join(" "), e.facets.join(" "), e.text, e.id].join(" ")) };
  });
  function run(query) {
    var terms = norm(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var hits = [];
    prepared.forEach(function (p) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inTitle = p.title.indexOf(terms[i]) >= 0;
        if (!inTitle && p.rest.indexOf(terms[i]) < 0) { return; }
        score += inTitle ? 3 : 1;
      }
      hits.push({ p: p, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.p.e.title < b.p.e.title ? -1 : 1); });
    status.textContent = status.getAttribute("data-template").replace("{n}", String(hits.length));
    hits.slice(0, 200).forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + h.p.e.url;
      a.textContent = h.p.e.title;
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " " + [h.p.e.date, h.p.e.status].filter(Boolean).join(" · ");
      li.appendChild(meta);
      var text = h.p.e.text;
      var at = norm(text).indexOf(terms[0]);
      if (at >= 0) {
        var snippet = document.createElement("p");
        snippet.className = "snippet";
        snippet.textContent = (at > 40 ? "…" : "") + text.slice(Math.max(0, at - 40), at + 120) + "…";
        li.appendChild(snippet);
      }
      list.appendChild(li);
    });
  }
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", function () { run(input.value); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(input.value); });
  run(input.value);
})();
