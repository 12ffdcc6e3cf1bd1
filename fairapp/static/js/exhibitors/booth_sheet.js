// The booth panel as a bottom sheet on phones and tablets: it slides up over the plan when a booth is
// chosen, closes with its button or Escape, takes the focus when a person opened it and gives it back
// to the booth they came from. On wide screens the panel stays a card beside the plan.
(function () {
  "use strict";
  window.fairBoothSheet = function (panel, options) {
    var media = window.matchMedia("(max-width: 991.98px)");
    var closeButton = panel.querySelector("[data-sheet-close]");
    var code = null;

    function isSheet() { return media.matches; }
    function open(boothCode, takeFocus) {
      code = boothCode;
      panel.classList.add("is-open");
      if (isSheet() && takeFocus) {
        var heading = panel.querySelector("[data-sheet-focus]");
        if (heading) { heading.focus({preventScroll: true}); }
      }
    }
    function close() {
      if (!panel.classList.contains("is-open")) { return; }
      panel.classList.remove("is-open");
      if (isSheet() && options.onClose) { options.onClose(code); }
    }
    if (closeButton) { closeButton.addEventListener("click", close); }
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isSheet()) { event.preventDefault(); close(); }
    });
    return {open: open, close: close, isSheet: isSheet, isOpen: function () { return panel.classList.contains("is-open"); }};
  };
})();
