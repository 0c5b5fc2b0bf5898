// Live preview (flask content preview): reload when a course file is saved.
// A same-origin file, so the strict Content-Security-Policy needs no exception.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) { return; }
  var page = script.getAttribute("data-page") || window.location.href;
  var source = new EventSource(script.getAttribute("data-events"));
  source.addEventListener("change", function () {
    source.close();
    window.location.replace(page);
  });
}());
