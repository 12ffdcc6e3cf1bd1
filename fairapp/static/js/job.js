// Polls a job's state and moves the progress bar until the job is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.dataset.stateUrl;
  function show(id, visible) { document.getElementById(id).hidden = !visible; }
  function render(state) {
    document.getElementById("job-bar").value = state.percent;
    document.getElementById("job-percent").textContent = state.percent;
    document.getElementById("job-done").textContent = state.done;
    document.getElementById("job-total").textContent = state.total;
    show("job-running", state.status === "queued" || state.status === "running");
    show("job-failed", state.status === "failed");
    document.getElementById("job-error").textContent = state.error || "";
    if (state.download_url) { document.getElementById("job-download").href = state.download_url; }
    show("job-finished", state.status === "done");
    return state.status === "done" || state.status === "failed";
  }
  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (state) { if (!render(state)) { setTimeout(poll, 700); } })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
