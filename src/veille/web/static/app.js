// veille workspace: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // "/" jumps to the search box, as in most reading tools.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var box = document.getElementById("q") || document.getElementById("quick-search");
    if (box) { event.preventDefault(); box.focus(); }
  });

  // Document page: show or hide each kind of highlight.
  var text = document.getElementById("doctext");
  document.querySelectorAll("#toggles input[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      if (text) text.classList.toggle("hide-" + box.dataset.toggle, !box.checked);
    });
  });

  // Tables of a page can be narrowed by typing: rows are matched on their text content only.
  document.querySelectorAll("table.filterable").forEach(function (table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter-box";
    input.placeholder = "filter this page";
    input.setAttribute("aria-label", "filter this table");
    table.parentNode.insertBefore(input, table);
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.slice.call(table.rows, 1).forEach(function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });
})();
