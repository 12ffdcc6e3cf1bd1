// Keeps the exhibitor's booth-hold notice true while the page stays open: counts down the time
// left and, the moment the hold lapses, swaps "held until … / continue" for "your hold lapsed".
(function () {
  "use strict";
  var notice = document.getElementById("hold-notice");
  if (!notice) { return; }
  var until = new Date(notice.dataset.heldUntil).getTime();
  var out = document.getElementById("hold-countdown");
  var live = notice.querySelector("[data-hold-live]");
  var lapsed = notice.querySelector("[data-hold-lapsed]");
  function tick() {
    var left = Math.max(0, Math.round((until - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    if (out) { out.textContent = "(" + minutes + ":" + (seconds < 10 ? "0" : "") + seconds + ")"; }
    if (left > 0) { setTimeout(tick, 1000); return; }
    notice.classList.replace("alert-info", "alert-warning");
    if (live && lapsed) { live.hidden = true; lapsed.hidden = false; }
  }
  tick();
})();
