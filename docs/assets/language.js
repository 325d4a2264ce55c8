// The language switcher keeps the reader on the same clause: each language's link in the
// header (overrides/partials/alternate.html) already leads to the same page in that language;
// when it is followed, this adds the address's #anchor (the clause, example or term the
// reader is at), which only the browser knows. Nothing is fetched or stored.
(function () {
  "use strict";
  function keepAnchor(event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a.handbook-language") : null;
    if (!link || !window.location.hash) {
      return;
    }
    var href = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", href + window.location.hash);
  }
  // Capture: before Material's own click handlers read the link's address.
  document.addEventListener("click", keepAnchor, true);
  document.addEventListener("auxclick", keepAnchor, true);
})();
