// Counts down the minutes left on the exhibitor's booth hold while they fill in the application.
(function () {
  "use strict";
  var notice = document.getElementById("hold-notice");
  if (!notice) { return; }
  var until = new Date(notice.dataset.heldUntil).getTime();
  var out = document.getElementById("hold-countdown");
  function tick() {
    var left = Math.max(0, Math.round((until - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    out.textContent = "(" + minutes + ":" + (seconds < 10 ? "0" : "") + seconds + ")";
    if (left > 0) { setTimeout(tick, 1000); } else { notice.classList.replace("alert-info", "alert-warning"); }
  }
  tick();
})();
