// Wide tables scroll sideways inside Material's .md-typeset__scrollwrap. A region that
// scrolls must be reachable by keyboard (WCAG 2.1.1), so each one gets a tab stop and a
// name taken from the table's first header row. Re-runs on every instant-navigation load.
(function () {
  function label(wrap) {
    var header = wrap.querySelector("th");
    return "Table" + (header ? ": " + header.textContent.trim() + " …" : "") + " (scrolls sideways)";
  }

  function init() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
