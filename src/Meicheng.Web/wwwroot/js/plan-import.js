// The plan import review page (/admin/plans/import/{id}): text selected in the source is put into the "add" form with
// its character offsets in the source text, so a missed target or milestone is added where it stands. The form works
// without this script too (paste the clause). Loaded as a module; no inline script (CSP script-src 'self').
function offsetIn(root, node, offset) {
  var range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  var copy = range.cloneContents();
  // The ↩ links back to the draft items are not part of the document's text.
  copy.querySelectorAll(".src-back").forEach(function (a) { a.remove(); });
  return copy.textContent.length;
}

function setup() {
  var source = document.getElementById("plan-source");
  var clause = document.getElementById("add-clause");
  if (!source || !clause) return;
  var start = document.getElementById("add-start");
  var length = document.getElementById("add-length");
  var status = document.getElementById("add-selection");

  function take() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) return;
    var from = offsetIn(source, range.startContainer, range.startOffset);
    var to = offsetIn(source, range.endContainer, range.endOffset);
    var copy = range.cloneContents();
    copy.querySelectorAll(".src-back").forEach(function (a) { a.remove(); });
    var text = copy.textContent;
    if (!text.trim()) return;
    clause.value = text.trim();
    start.value = String(from);
    length.value = String(to - from);
    if (status) status.textContent = "已选取原文 " + text.trim().length + " 字（第 " + (from + 1) + " 字起），可在下面补充为量化目标或时间节点。";
  }

  source.addEventListener("mouseup", take);
  source.addEventListener("keyup", take);
  // Typing over the clause by hand drops the offsets: the server then finds the pasted text itself.
  clause.addEventListener("input", function () { start.value = ""; length.value = ""; });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
else setup();
