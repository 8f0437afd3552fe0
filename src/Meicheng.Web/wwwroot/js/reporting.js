// The report form of /reporting: when another target is chosen, the unit list becomes that target's units and the
// share note shows for a share (0–100 %). The server renders the same lists for the chosen target, so without this
// module the form still works (and refuses a unit that does not fit, beside the field). No inline script (CSP).
function unitFollowsTarget() {
  var target = document.getElementById("targetId");
  var unit = document.getElementById("unit");
  var note = document.getElementById("value-note");
  if (!target || !unit) return;
  target.addEventListener("change", function () {
    var option = target.options[target.selectedIndex];
    var units = (option.getAttribute("data-units") || "").split("|").filter(function (u) { return u.length > 0; });
    unit.replaceChildren();
    units.forEach(function (u, i) {
      var o = document.createElement("option");
      o.value = u;
      o.textContent = u;
      o.selected = i === 0;
      unit.appendChild(o);
    });
    if (note) note.hidden = option.getAttribute("data-share") !== "true";
  });
}

unitFollowsTarget();
