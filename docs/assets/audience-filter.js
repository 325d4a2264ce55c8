// "Show clauses for": hides the clauses of a chapter page that do not apply to one audience.
// Plain DOM code; re-runs on every page load of Material's instant navigation (document$).
(function () {
  var KEY = "handbook-audience";
  // The filter's words in the site's language (assets/handbook-audiences.js, made from the
  // labels), else English; only ever set as text, never as markup.
  var WORDS = {
    label: "Show clauses for",
    everyone: "Everyone (all clauses)",
    some: "Showing {shown} of {total} clauses that apply to {audience}.",
    all: "Showing all {total} clauses."
  };

  function say(name, values) {
    var given = window.handbookFilterWords || {};
    var text = typeof given[name] === "string" ? given[name] : WORDS[name];
    return text.replace(/\{([a-z]+)\}/g, function (slot, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : slot;
    });
  }

  function clauseSections(article) {
    return Array.prototype.map.call(article.querySelectorAll("h2.clause"), function (heading) {
      var parts = [heading];
      var next = heading.nextElementSibling;
      while (next && next.tagName !== "H2") {
        parts.push(next);
        next = next.nextElementSibling;
      }
      return { id: heading.id, audiences: (heading.dataset.audiences || "all").split(" "), parts: parts };
    });
  }

  function apply(sections, audience, status, labels) {
    var shown = 0;
    sections.forEach(function (section) {
      var visible = !audience || section.audiences.indexOf("all") >= 0 || section.audiences.indexOf(audience) >= 0;
      if (visible) shown += 1;
      section.parts.forEach(function (el) { el.hidden = !visible; });
      document.querySelectorAll('.md-nav--secondary a[href="#' + section.id + '"]').forEach(function (a) {
        a.parentElement.hidden = !visible;
      });
    });
    status.textContent = audience
      ? say("some", { shown: shown, total: sections.length, audience: labels[audience] })
      : say("all", { total: sections.length });
  }

  function init() {
    var article = document.querySelector("article.md-content__inner");
    var labels = window.handbookAudiences || {};
    if (!article || article.querySelector(".audience-filter")) return;
    var sections = clauseSections(article);
    if (!sections.length) return;

    var box = document.createElement("div");
    box.className = "audience-filter";
    var label = document.createElement("label");
    label.htmlFor = "audience-filter-select";
    label.textContent = say("label") + " ";
    var select = document.createElement("select");
    select.id = "audience-filter-select";
    select.add(new Option(say("everyone"), ""));
    Object.keys(labels).forEach(function (id) { select.add(new Option(labels[id], id)); });
    var status = document.createElement("p");
    status.className = "audience-filter__status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(select);
    box.appendChild(status);
    var heading = article.querySelector("h1");
    heading.parentNode.insertBefore(box, heading.nextSibling);

    var saved = "";
    try { saved = localStorage.getItem(KEY) || ""; } catch (e) { saved = ""; }
    if (!(saved in labels)) saved = "";
    select.value = saved;
    apply(sections, saved, status, labels);
    select.addEventListener("change", function () {
      try { localStorage.setItem(KEY, select.value); } catch (e) { /* private mode */ }
      apply(sections, select.value, status, labels);
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
