// The language switcher keeps the reader on the same clause: each language's link in the
// header (overrides/partials/alternate.html) already leads to the same page in that language;
// when it is followed, this adds the address's #anchor (the clause, example or term the
// reader is at), which only the browser knows. Nothing is fetched or stored.
//
// Material's own handler of alternate links (it looks the page up in each language's
// sitemap.xml) is kept out of these clicks: with the English site at the root, every
// language's address starts with the English one's, and it sent readers to a language's home
// page instead. The browser follows the link as written.
(function () {
  "use strict";
  function follow(event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a.handbook-language") : null;
    if (!link) {
      return;
    }
    var href = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", href + window.location.hash);
    event.stopPropagation(); // not to Material's handlers on the body; the link still works
  }
  // Capture, on the document: before Material's click handlers on the body see the click.
  document.addEventListener("click", follow, true);
  document.addEventListener("auxclick", follow, true);
})();
