// Gate scanning: phone camera (jsQR), USB/Bluetooth scanner typing into a field, or search.
(function () {
  "use strict";
  var root = document.getElementById("gate");
  if (!root) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var state = { gate: null, direction: "in", busy: false, lastCode: null, lastAt: 0, audio: null, stream: null };
  var REPEAT_MS = 4000;

  function storeGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storeSet(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  function beep(ok) {
    if (!state.audio) { return; }
    var osc = state.audio.createOscillator(), gain = state.audio.createGain();
    osc.type = ok ? "sine" : "square";
    osc.frequency.value = ok ? 880 : 220;
    gain.gain.value = 0.2;
    osc.connect(gain); gain.connect(state.audio.destination);
    osc.start(); osc.stop(state.audio.currentTime + (ok ? 0.15 : 0.5));
  }

  function nonce() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + "-" + Math.random().toString(36).slice(2);
  }

  function showResult(answer) {
    var ok = answer.result === "ok";
    var box = $("gate-result");
    box.className = "gate-result " + (ok ? "gate-ok" : "gate-refused");
    box.dataset.result = answer.result;
    $("gate-result-message").textContent = answer.message;
    var ticket = answer.ticket;
    $("gate-result-name").textContent = ticket ? ticket.name : "";
    $("gate-result-detail").textContent = ticket
      ? [ticket.organization, ticket.type, (ticket.days || []).join(" · ")].filter(Boolean).join(" — ") : "";
    box.hidden = false;
    beep(ok);
    if (ok && state.direction === "in") { $("gate-count").textContent = String(Number($("gate-count").textContent) + 1); }
    window.clearTimeout(state.hideTimer);
    state.hideTimer = window.setTimeout(hideResult, ok ? 1500 : 3500);
  }

  function hideResult() {
    $("gate-result").hidden = true;
    state.busy = false;
    $("gate-code").focus();
  }

  function submit(code) {
    code = (code || "").trim();
    if (!code || state.busy) { return; }
    state.busy = true;
    fetch(root.dataset.checkinUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept-Language": root.dataset.locale },
      body: JSON.stringify({ code: code, gate: state.gate, direction: state.direction, nonce: nonce(),
                             fair: root.dataset.fair, scanned_at: new Date().toISOString() })
    }).then(function (response) { return response.json(); })
      .then(showResult)
      .catch(function () { showResult({ result: "error", message: root.dataset.msgNetwork, ticket: null }); });
  }

  function scanFrames(video, canvas) {
    var context = canvas.getContext("2d", { willReadFrequently: true });
    function tick() {
      if (!state.stream) { return; }
      if (!state.busy && video.readyState === video.HAVE_ENOUGH_DATA) {
        var scale = Math.min(1, 640 / video.videoWidth);
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
        var now = Date.now();
        if (found && found.data && !(found.data === state.lastCode && now - state.lastAt < REPEAT_MS)) {
          state.lastCode = found.data; state.lastAt = now;
          submit(found.data);
        }
      }
      window.requestAnimationFrame(tick);
    }
    window.requestAnimationFrame(tick);
  }

  function startCamera() {
    var video = $("gate-video"), note = $("gate-camera-note");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      note.textContent = root.dataset.msgNoCamera; note.hidden = false; video.hidden = true; return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        state.stream = stream;
        video.srcObject = stream;
        video.play();
        scanFrames(video, document.createElement("canvas"));
      })
      .catch(function () { note.textContent = root.dataset.msgNoCamera; note.hidden = false; video.hidden = true; });
  }

  function refreshCount() {
    var url = root.dataset.countUrl + "?gate=" + encodeURIComponent(state.gate);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (typeof data.today === "number") { $("gate-count").textContent = String(data.today); } })
      .catch(function () { /* the counter catches up next time */ });
  }

  function start() {
    state.gate = $("gate-name").value;
    state.direction = document.querySelector('input[name="gate-direction"]:checked').value;
    storeSet("fairapp.gate", state.gate);
    storeSet("fairapp.direction", state.direction);
    var AudioContext = window.AudioContext || window.webkitAudioContext;
    if (AudioContext && !state.audio) { state.audio = new AudioContext(); }
    $("gate-current").textContent = state.gate;
    $("gate-current-direction").textContent = state.direction === "in" ? root.dataset.msgIn : root.dataset.msgOut;
    $("gate-setup").hidden = true;
    $("gate-scan").hidden = false;
    $("gate-code").focus();
    startCamera();
    refreshCount();
    state.countTimer = window.setInterval(refreshCount, 15000);
  }

  function change() {
    if (state.stream) { state.stream.getTracks().forEach(function (t) { t.stop(); }); state.stream = null; }
    window.clearInterval(state.countTimer);
    $("gate-scan").hidden = true;
    $("gate-setup").hidden = false;
  }

  function search(event) {
    event.preventDefault();
    var query = $("gate-query").value.trim(), list = $("gate-results");
    if (query.length < 3) { return; }
    fetch(root.dataset.searchUrl + "?q=" + encodeURIComponent(query),
          { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        list.textContent = "";
        (data.results || []).forEach(function (person) {
          var item = document.createElement("button");
          item.type = "button";
          item.className = "list-group-item list-group-item-action";
          item.textContent = [person.name, person.organization, person.type, person.phone].filter(Boolean).join(" · ");
          item.addEventListener("click", function () { submit(person.code); });
          list.appendChild(item);
        });
        if (!list.children.length) {
          var empty = document.createElement("li");
          empty.className = "list-group-item text-muted";
          empty.textContent = root.dataset.msgNoResults;
          list.appendChild(empty);
        }
      });
  }

  var savedGate = storeGet("fairapp.gate"), savedDirection = storeGet("fairapp.direction");
  if (savedGate) { $("gate-name").value = savedGate; }
  if (savedDirection === "out") { $("gate-direction-out").checked = true; }
  $("gate-start").addEventListener("click", start);
  $("gate-change").addEventListener("click", change);
  $("gate-result").addEventListener("click", hideResult);
  // The XXXX-XXXX printed under the QR, read out by a visitor whose QR will not scan: found
  // through the search, then checked in with the ticket's full code like any scan.
  var SHORT_CODE = /^[A-Z2-7]{4}-?[A-Z2-7]{4}$/;

  function submitTyped(value) {
    var typed = (value || "").replace(/\s+/g, "").toUpperCase();
    if (!SHORT_CODE.test(typed)) { submit(value); return; }
    fetch(root.dataset.searchUrl + "?q=" + encodeURIComponent(typed),
          { credentials: "same-origin", headers: { "Accept": "application/json", "Accept-Language": root.dataset.locale } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var found = data.results || [];
        if (found.length === 1) { submit(found[0].code); return; }
        showResult({ result: "unknown", message: root.dataset.msgNoResults, ticket: null });
      })
      .catch(function () { showResult({ result: "error", message: root.dataset.msgNetwork, ticket: null }); });
  }

  $("gate-manual").addEventListener("submit", function (event) {
    event.preventDefault();
    var field = $("gate-code");
    submitTyped(field.value);
    field.value = "";
  });
  $("gate-search").addEventListener("submit", search);
})();
