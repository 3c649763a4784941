// newsledger web: the article side panel. No data is ever inserted as HTML (textContent only).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.getElementById("panel");
  if (!panel) { return; }
  function show(mark) {
    var labels = (mark.getAttribute("data-labels") || "").split("\n");
    panel.replaceChildren();
    var head = document.createElement("h3");
    head.textContent = mark.textContent;
    panel.appendChild(head);
    var list = document.createElement("ul");
    labels.forEach(function (label) {
      if (!label) { return; }
      var item = document.createElement("li");
      item.textContent = label;
      list.appendChild(item);
    });
    panel.appendChild(list);
    panel.hidden = false;
  }
  document.querySelectorAll("#article-text .m").forEach(function (mark) {
    mark.addEventListener("click", function () { show(mark); });
    mark.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { show(mark); } });
  });
  panel.addEventListener("click", function () { panel.hidden = true; });
});
