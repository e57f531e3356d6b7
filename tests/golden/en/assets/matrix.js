/* Content matrix filters: recount every cell in place for the chosen channel, status,
   campaign and owner, as soon as a filter changes ("Apply" does the same, for keyboards
   and screen readers that expect a form to be sent). Without JavaScript the table shows
   the full counts and the filters stay hidden. Counting follows the build: ideas count only as ideas, published
   items as live, every other status as planned. */
(function () {
  "use strict";
  var form = document.getElementById("matrix-filters");
  var dataNode = document.getElementById("matrix-data");
  if (!form || !dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var cells = {};
  data.cells.forEach(function (c) { cells[c[0] + "\u0000" + c[1]] = c[2]; });
  var status = document.getElementById("matrix-filter-status");
  var labels = {
    empty: form.getAttribute("data-empty"), under: form.getAttribute("data-under"),
    covered: form.getAttribute("data-covered"), live: form.getAttribute("data-live")
  };
  function matches(item, f) {
    return (!f.channel || item[1].indexOf(f.channel) >= 0) && (!f.status || item[0] === f.status) &&
      (!f.campaign || item[2] === f.campaign) && (!f.owner || item[3] === f.owner);
  }
  function update() {
    var f = {};
    ["channel", "status", "campaign", "owner"].forEach(function (k) { f[k] = form.elements[k].value; });
    var counted = 0;
    data.items.forEach(function (item) { if (matches(item, f)) { counted += 1; } });
    document.querySelectorAll("#matrix-table td[data-persona]").forEach(function (td) {
      var ids = cells[td.getAttribute("data-persona") + "\u0000" + td.getAttribute("data-stage")] || [];
      var planned = 0, live = 0, ideas = 0;
      ids.forEach(function (n) {
        var item = data.items[n];
        if (!matches(item, f)) { return; }
        if (item[0] === "idea") { ideas += 1; } else { planned += 1; if (item[0] === "published") { live += 1; } }
      });
      var target = Number(td.getAttribute("data-target"));
      var state = planned === 0 ? "empty" : (planned < target ? "under" : (live >= target ? "live" : "covered"));
      td.className = "cell state-" + state;
      td.querySelector(".counts").textContent = live + " / " + planned + " / " + ideas;
      td.querySelector(".state").textContent = labels[state];
      var link = td.querySelector("a");
      link.setAttribute("aria-label", link.getAttribute("data-name") + ": " + live + " / " + planned + " / " + ideas + ", " + labels[state]);
    });
    status.textContent = status.getAttribute("data-template").replace("{n}", counted).replace("{total}", data.items.length);
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });
})();
