/* Calendar: one month at a time with previous/next buttons (and the arrow keys), starting
   at today's month. The page comes with that month marked (is-current) and the
   buttons set, and the stylesheet hides the other months from the first frame where
   scripts run (the "scripting" media feature), so nothing moves when this runs; older
   browsers hide them here (screen-hidden). Without
   JavaScript every month of the window is shown, one after another, which is also what
   printing gives. */
(function () {
  "use strict";
  var nav = document.getElementById("month-nav");
  var months = Array.prototype.slice.call(document.querySelectorAll("section.month[data-month]"));
  if (!nav || months.length < 2) { return; }
  var label = document.getElementById("month-label");
  var current = months.findIndex(function (m) { return m.classList.contains("is-current"); });
  if (current < 0) { current = 0; }
  function show(index) {
    current = Math.max(0, Math.min(months.length - 1, index));
    months.forEach(function (m, i) {
      m.classList.toggle("is-current", i === current);
      m.classList.toggle("screen-hidden", i !== current);
    });
    label.textContent = months[current].querySelector("h2").textContent;
    nav.querySelector('[data-step="-1"]').disabled = current === 0;
    nav.querySelector('[data-step="1"]').disabled = current === months.length - 1;
  }
  var today = document.getElementById("today");
  var jump = document.querySelector('a[href="#today"]');
  if (today && jump) {  // the month with today in it is shown before the link scrolls to it
    jump.addEventListener("click", function () {
      show(months.findIndex(function (m) { return m.contains(today); }));
    });
  }
  nav.addEventListener("click", function (event) {
    var step = event.target.getAttribute && event.target.getAttribute("data-step");
    if (step) { show(current + Number(step)); }
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") { show(current - 1); }
    if (event.key === "ArrowRight") { show(current + 1); }
  });
  show(current);
})();

/* Calendar owner filter: show only one owner's entries and deadlines. Without
   JavaScript the filter is not shown (the stylesheet's .js-only) and everything is. */
(function () {
  "use strict";
  var form = document.getElementById("calendar-filters");
  if (!form) { return; }
  function update() {
    var owner = form.elements.owner.value;
    document.querySelectorAll("main [data-owner]").forEach(function (node) {
      node.classList.toggle("filtered-out", owner !== "" && node.getAttribute("data-owner") !== owner);
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
})();
