// The versions page (versions/) answers "which version was in force on this date?", as
// `handbook as-of DATE` does: a date field under the table of versions, read from the table
// itself (newest first; "In force from" and "In force until" in long dates). Nothing is
// fetched. Re-runs on every instant-navigation load.
(function () {
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function parse(text) {  // "1 February 2026" → a UTC date, or null
    var parts = text.trim().split(/\s+/);
    var month = MONTHS.indexOf(parts[1]);
    if (parts.length !== 3 || month < 0) return null;
    return new Date(Date.UTC(+parts[2], month, +parts[0]));
  }

  function long(date) {
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function periods(table) {
    return Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (row) {
      var cells = row.querySelectorAll("td");
      return {
        cycle: cells[0].textContent.trim().split(/\s+/)[0],
        by: cells[1].textContent.trim(),
        on: cells[2].textContent.trim(),
        from: parse(cells[3].textContent),
        until: cells[4].textContent.trim(),
        never: /^never/.test(cells[4].textContent.trim())
      };
    }).filter(function (period) { return period.from; });
  }

  function answer(list, day) {
    var when = long(day);
    var found = list.filter(function (p) { return !p.never && p.from <= day; })[0];
    if (!found) {
      var first = list.filter(function (p) { return !p.never; }).pop();
      return "On " + when + " no approved version was in force" +
        (first ? ": the first, review cycle " + first.cycle + ", took effect on " + long(first.from) + "." : ".");
    }
    var span = /^in force now/.test(found.until) ? "(the current version)" : "until " + found.until;
    return "On " + when + " the version in force was review cycle " + found.cycle +
      ", approved by " + found.by + " on " + found.on +
      ": in force from " + long(found.from) + " " + span + ".";
  }

  function init() {
    var place = document.querySelector(".md-typeset p.as-of");
    var table = document.querySelector(".md-typeset table");
    if (!place || !table || place.querySelector("input")) return;
    var list = periods(table);
    var label = document.createElement("label");
    label.textContent = "Date ";
    var input = document.createElement("input");
    input.type = "date";
    label.appendChild(input);
    var status = document.createElement("span");
    status.className = "as-of__answer";
    status.setAttribute("role", "status");
    place.appendChild(document.createElement("br"));
    place.appendChild(label);
    place.appendChild(document.createTextNode(" "));
    place.appendChild(status);
    input.addEventListener("change", function () {
      var parts = input.value.split("-");
      status.textContent = parts.length === 3
        ? answer(list, new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2])))
        : "";
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
