/* Journey maps: draw next-step arrows between cards. Without JavaScript the cards still
   list their next steps as links; this only adds the lines. */
(function () {
  "use strict";
  var map = document.querySelector("[data-journey]");
  if (!map || !window.SVGElement) { return; }
  var NS = "http://www.w3.org/2000/svg";
  // Measuring thousands of cards on every resize would make a big plan's page sluggish;
  // past this many, the cards' own "→ next" links carry the journey alone.
  var MAX_CARDS = 400;
  if (map.querySelectorAll("[data-item]").length > MAX_CARDS) { return; }
  function draw() {
    var old = map.querySelector("svg.journey-arrows");
    if (old) { old.remove(); }
    if (window.matchMedia("(max-width: 40rem)").matches) { return; }
    var box = map.getBoundingClientRect();
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "journey-arrows");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("width", map.scrollWidth);
    svg.setAttribute("height", map.scrollHeight);
    var defs = document.createElementNS(NS, "defs");
    var marker = document.createElementNS(NS, "marker");
    marker.setAttribute("id", "arrowhead");
    marker.setAttribute("markerWidth", "8");
    marker.setAttribute("markerHeight", "8");
    marker.setAttribute("refX", "7");
    marker.setAttribute("refY", "4");
    marker.setAttribute("orient", "auto");
    var tip = document.createElementNS(NS, "path");
    tip.setAttribute("d", "M0,0 L8,4 L0,8 z");
    marker.appendChild(tip);
    defs.appendChild(marker);
    svg.appendChild(defs);
    var cards = map.querySelectorAll("[data-item]");
    var byId = {};
    cards.forEach(function (card) {
      (byId[card.getAttribute("data-item")] = byId[card.getAttribute("data-item")] || []).push(card);
    });
    cards.forEach(function (card) {
      var targets = (card.getAttribute("data-next") || "").split(" ");
      targets.forEach(function (id) {
        (byId[id] || []).forEach(function (target) {
          var a = card.getBoundingClientRect(), b = target.getBoundingClientRect();
          if (b.left <= a.left) { return; }
          var x1 = a.right - box.left + map.scrollLeft, y1 = a.top + a.height / 2 - box.top;
          var x2 = b.left - box.left + map.scrollLeft, y2 = b.top + b.height / 2 - box.top;
          var path = document.createElementNS(NS, "path");
          var mid = (x1 + x2) / 2;
          path.setAttribute("d", "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + (x2 - 2) + "," + y2);
          path.setAttribute("marker-end", "url(#arrowhead)");
          svg.appendChild(path);
        });
      });
    });
    map.appendChild(svg);
  }
  window.addEventListener("resize", draw);
  window.addEventListener("load", draw);
  draw();
})();
