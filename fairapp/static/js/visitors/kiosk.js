// Kiosk badge page: print the badge PDF shown in the frame on demand, or at once on a device set up for it.
(function () {
  "use strict";
  var frame = document.getElementById("kiosk-badge");
  var button = document.getElementById("kiosk-print");
  var auto = document.getElementById("kiosk-autoprint");
  if (!frame || !button) { return; }
  var KEY = "fairapp.kiosk.autoprint";

  function printBadge() {
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    } catch (e) {
      // A browser that cannot print a framed PDF opens it instead; the person prints from its viewer.
      window.open(frame.src, "_blank", "noopener");
    }
  }

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  button.hidden = false;
  button.addEventListener("click", printBadge);
  if (auto) {
    // A per-device choice: a tablet whose browser prints without a dialog saves a tap per visitor.
    auto.checked = remembered();
    document.getElementById("kiosk-autoprint-box").hidden = false;
    auto.addEventListener("change", function () {
      try { window.localStorage.setItem(KEY, auto.checked ? "1" : "0"); } catch (e) { /* private mode */ }
    });
  }
  function loaded() {
    try {
      var doc = frame.contentDocument;
      return doc && doc.readyState === "complete" && doc.URL !== "about:blank";
    } catch (e) { return false; }
  }

  if (remembered()) {
    // The PDF viewer needs a moment after "load" before it can print; the frame may have loaded already.
    if (loaded()) { setTimeout(printBadge, 600); }
    else { frame.addEventListener("load", function () { setTimeout(printBadge, 600); }, {once: true}); }
  }
})();
