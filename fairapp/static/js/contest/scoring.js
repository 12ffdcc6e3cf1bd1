// The juror's scoring page: marks comments required for extreme scores and autosaves the draft.
(function () {
  "use strict";
  var form = document.getElementById("score-sheet");
  if (!form || !form.dataset.draftUrl) { return; }
  var status = document.getElementById("autosave-status");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var timer = null;

  function extreme(value) {
    if (value === "") { return false; }
    var n = parseInt(value, 10);
    return n <= 2 || n >= 9;
  }

  function markRequired(fieldset) {
    var select = fieldset.querySelector(".score-select");
    var comment = fieldset.querySelector(".comment");
    if (!select || !comment) { return; }
    comment.required = extreme(select.value);
    comment.classList.toggle("border-warning", comment.required && comment.value.trim() === "");
  }

  function collect() {
    var scores = {};
    form.querySelectorAll(".criterion").forEach(function (fieldset) {
      scores[fieldset.dataset.criterion] = {
        score: fieldset.querySelector(".score-select").value || null,
        comment: fieldset.querySelector(".comment").value
      };
    });
    return {scores: scores};
  }

  function save() {
    fetch(form.dataset.draftUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(collect())
    }).then(function (response) {
      if (status) { status.textContent = response.ok ? form.dataset.savedText : form.dataset.failedText; }
    }).catch(function () {
      if (status) { status.textContent = form.dataset.failedText; }
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  form.querySelectorAll(".criterion").forEach(function (fieldset) {
    markRequired(fieldset);
    fieldset.querySelector(".score-select").addEventListener("change", function () { markRequired(fieldset); later(); });
    fieldset.querySelector(".comment").addEventListener("input", function () { markRequired(fieldset); later(); });
  });
  // A submit button press goes through the normal form post; no autosave may race it.
  form.addEventListener("submit", function () { clearTimeout(timer); });
})();
