// Material's version selector shows the version being read ("2026-H1 (superseded)") on a
// button it names "Select version". A control's name must hold the words it shows (WCAG
// 2.5.3, label in name), or a reader using speech input cannot say what they see: the shown
// version goes first in the name. Material draws the selector after reading versions.json.
(function () {
  function name(button) {
    var shown = button.textContent.trim();
    var label = button.getAttribute("aria-label") || "";
    if (shown && label.indexOf(shown) === -1) {
      button.setAttribute("aria-label", label ? shown + ": " + label : shown);
    }
  }

  function scan() {
    document.querySelectorAll(".md-version__current").forEach(name);
  }

  var header = document.querySelector(".md-header");
  if (header) new MutationObserver(scan).observe(header, { childList: true, subtree: true });
  scan();
})();
