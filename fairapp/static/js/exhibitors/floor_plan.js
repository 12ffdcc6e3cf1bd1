// The live floor plan: draws each hall as SVG from /api/v1/fairs/<slug>/booths, colours booths by
// status, filters by type and price, shows a booth's details and lets an exhibitor hold it.
(function () {
  "use strict";
  var root = document.getElementById("floor-plan");
  if (!root) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var halls = JSON.parse(document.getElementById("plan-halls").textContent);
  var t = JSON.parse(document.getElementById("plan-i18n").textContent);
  var svg = document.getElementById("plan-svg");
  var hallSelect = document.getElementById("plan-hall");
  var typeSelect = document.getElementById("plan-type");
  var priceInput = document.getElementById("plan-price");
  var availableOnly = document.getElementById("plan-available");
  var booths = [];
  var selected = null;
  var vnd = new Intl.NumberFormat("vi-VN", {style: "currency", currency: "VND", maximumFractionDigits: 0});

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function matches(booth) {
    var max = parseInt(priceInput.value, 10);
    if (typeSelect.value && booth.type !== typeSelect.value) { return false; }
    if (!isNaN(max) && booth.price_vnd > max) { return false; }
    if (availableOnly.checked && booth.status !== "available") { return false; }
    return true;
  }
  function centre(shape) {
    if (shape.kind === "rect") { return [shape.x + shape.w / 2, shape.y + shape.h / 2, Math.min(shape.w, shape.h)]; }
    var xs = shape.points.map(function (p) { return p[0]; });
    var ys = shape.points.map(function (p) { return p[1]; });
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    return [Math.min.apply(null, xs) + w / 2, Math.min.apply(null, ys) + h / 2, Math.min(w, h)];
  }

  function draw() {
    var hall = halls.filter(function (h) { return h.code === hallSelect.value; })[0] || halls[0];
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    if (!hall) { return; }
    svg.setAttribute("viewBox", "0 0 " + hall.width + " " + hall.depth);
    el("rect", {x: 0, y: 0, width: hall.width, height: hall.depth, "class": "hall-floor"}, svg);
    var shown = 0, total = 0;
    booths.forEach(function (booth) {
      if (booth.hall !== hall.code) { return; }
      total += 1;
      var visible = matches(booth);
      if (visible) { shown += 1; }
      var group = el("g", {
        "class": "booth booth-" + booth.status + (visible ? "" : " booth-dimmed") +
                 (selected === booth.code ? " booth-selected" : ""),
        tabindex: visible ? "0" : "-1", role: "button", "data-code": booth.code, "data-status": booth.status,
        "aria-label": fill(t.booth, {code: booth.code}) + ", " + t.status[booth.status]
      }, svg);
      var s = booth.shape;
      if (s.kind === "rect") {
        el("rect", {x: s.x, y: s.y, width: s.w, height: s.h}, group);
      } else {
        el("polygon", {points: s.points.map(function (p) { return p.join(","); }).join(" ")}, group);
      }
      var c = centre(s);
      var label = el("text", {x: c[0], y: c[1], "font-size": Math.max(0.5, c[2] * 0.26),
                              "text-anchor": "middle", "dominant-baseline": "central"}, group);
      label.textContent = booth.code;
      group.addEventListener("click", function () { select(booth.code); });
      group.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(booth.code); }
      });
    });
    document.getElementById("plan-shown").textContent = fill(t.shown, {n: shown, total: total});
  }

  function count() {
    var counts = {};
    booths.forEach(function (b) { counts[b.status] = (counts[b.status] || 0) + 1; });
    document.querySelectorAll("[data-count]").forEach(function (node) {
      node.textContent = "(" + (counts[node.dataset.count] || 0) + ")";
    });
  }

  function detail(dl, term, value) {
    var dt = document.createElement("dt"); dt.className = "col-5"; dt.textContent = term;
    var dd = document.createElement("dd"); dd.className = "col-7 mb-1"; dd.textContent = value;
    dl.appendChild(dt); dl.appendChild(dd);
  }

  function showPanel(message) {
    var booth = booths.filter(function (b) { return b.code === selected; })[0];
    var body = document.getElementById("booth-panel-body");
    document.getElementById("booth-panel-empty").hidden = !!booth;
    body.hidden = !booth;
    if (!booth) { return; }
    document.getElementById("booth-panel-title").textContent = fill(t.booth, {code: booth.code});
    var dl = document.getElementById("booth-panel-details");
    while (dl.firstChild) { dl.removeChild(dl.firstChild); }
    detail(dl, t.status_label, t.status[booth.status]);
    detail(dl, t.hall, booth.hall);
    detail(dl, t.type_label, t.type[booth.type]);
    detail(dl, t.size, booth.width_m + " × " + booth.depth_m + " m");
    detail(dl, t.area, booth.area_m2 + " m²");
    detail(dl, t.open_sides, String(booth.open_sides));
    detail(dl, t.price, vnd.format(booth.price_vnd));
    var hold = document.getElementById("booth-hold");
    var signIn = document.getElementById("booth-sign-in");
    var available = booth.status === "available";
    hold.hidden = !(available && root.dataset.canHold === "yes");
    hold.disabled = false;
    hold.textContent = t.hold;
    signIn.hidden = !(available && root.dataset.signedIn !== "yes");
    signIn.textContent = t.sign_in;
    signIn.href = root.dataset.loginUrl;
    document.getElementById("booth-panel-message").textContent = message || (available ? "" : t.not_available);
  }

  function select(code) {
    selected = code;
    draw();
    showPanel();
    // On a phone the panel sits under the plan: bring it into view.
    var panel = document.getElementById("booth-panel");
    var box = panel.getBoundingClientRect();
    if (box.top > window.innerHeight || box.bottom < 0) { panel.scrollIntoView({block: "nearest"}); }
  }

  function load() {
    return fetch(root.dataset.boothsUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        booths = data;
        document.getElementById("plan-error").hidden = true;
        count(); draw(); if (selected) { showPanel(); }
        root.dataset.loaded = "yes";
      })
      .catch(function () {
        var error = document.getElementById("plan-error");
        error.textContent = t.failed; error.hidden = false;
      });
  }

  document.getElementById("booth-hold").addEventListener("click", function () {
    var button = this;
    var code = selected;
    button.disabled = true;
    button.textContent = t.holding;
    fetch(root.dataset.holdUrl.replace("__CODE__", encodeURIComponent(code)), {
      method: "POST", credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken()}
    }).then(function (r) {
      return r.json().then(function (body) { return {status: r.status, body: body}; });
    }).then(function (answer) {
      if (answer.status === 201) {
        var url = root.dataset.applyUrl;
        window.location.assign(url + (url.indexOf("?") >= 0 ? "&" : "?") + "booth=" + encodeURIComponent(code));
        return;
      }
      if (answer.status === 401) { window.location.assign(root.dataset.loginUrl); return; }
      load().then(function () { showPanel(answer.body.message || t.not_available); });
    }).catch(function () { showPanel(t.failed); });
  });

  [hallSelect, typeSelect, availableOnly].forEach(function (input) { input.addEventListener("change", draw); });
  priceInput.addEventListener("input", draw);
  load();
  // Live: other people hold and book while this page is open.
  setInterval(function () { if (!document.hidden) { load(); } }, 15000);
})();
