// Copy buttons on the payment page: each copies its data-copy text with the Clipboard API and says so
// on the button for a moment; where the clipboard is refused (no HTTPS, an old browser) the shown
// value is selected instead, so a long press or Ctrl+C copies it.
(function () {
  "use strict";
  var status = document.querySelector(".copy-status");
  var timers = new WeakMap();

  function announce(template, text) {
    if (status) { status.textContent = template.replace("%(text)s", text); }
  }
  function copied(button, text) {
    var idle = button.querySelector(".copy-idle"), done = button.querySelector(".copy-done");
    button.classList.add("is-copied");
    if (idle && done) { idle.hidden = true; done.hidden = false; }
    announce(status ? status.dataset.copied : "", text);
    clearTimeout(timers.get(button));
    timers.set(button, setTimeout(function () {
      button.classList.remove("is-copied");
      if (idle && done) { idle.hidden = false; done.hidden = true; }
    }, 2500));
  }
  function selectValue(button) {
    var target = document.getElementById(button.dataset.copySelect);
    if (!target) { return; }
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    if (ok) { copied(button, button.dataset.copy); return; }
    announce(status ? status.dataset.selected : "", "");
  }

  document.querySelectorAll(".copy-button").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.dataset.copy;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, text); },
                                                 function () { selectValue(button); });
      } else {
        selectValue(button);
      }
    });
  });
})();
