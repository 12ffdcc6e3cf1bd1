// The live floor plan: draws each hall as SVG from /api/v1/fairs/<slug>/booths, colours booths by
// status, filters by type and price, finds a booth by its code, shows a booth's details (a bottom
// sheet on phones, booth_sheet.js) and lets an exhibitor hold it. Pan and zoom: plan_view.js.
(function () {
  "use strict";
  var root = document.getElementById("floor-plan");
  if (!root) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var halls = JSON.parse(document.getElementById("plan-halls").textContent);
  var t = JSON.parse(document.getElementById("plan-i18n").textContent);
  var exhibitorsNode = document.getElementById("plan-exhibitors");
  var exhibitors = exhibitorsNode ? JSON.parse(exhibitorsNode.textContent) : {};
  var svg = document.getElementById("plan-svg");
  var hallSelect = document.getElementById("plan-hall");
  var typeSelect = document.getElementById("plan-type");
  var priceInput = document.getElementById("plan-price");
  var availableOnly = document.getElementById("plan-available");
  var booths = [];
  var selected = null;
  // A link may name a booth to open: /floor-plan?booth=C-07 (or #booth=C-07), as the exhibitor pages do.
  var asked = new URLSearchParams(window.location.search).get("booth") ||
              new URLSearchParams(window.location.hash.replace(/^#/, "")).get("booth");
  var vnd = new Intl.NumberFormat("vi-VN", {style: "currency", currency: "VND", maximumFractionDigits: 0});
  var view = window.fairPlanView(svg);
  var shownHall = null;
  var sheet = window.fairBoothSheet(document.getElementById("booth-panel"), {onClose: focusBooth});
  var searchInput = document.getElementById("plan-search");
  var searchMessage = document.getElementById("plan-search-message");

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

  function currentHall() {
    return halls.filter(function (h) { return h.code === hallSelect.value; })[0] || halls[0];
  }
  function boothNode(code) {
    return svg.querySelector('g[data-code="' + CSS.escape(code) + '"]');
  }
  function focusBooth(code) {
    var node = code && boothNode(code);
    if (node) { node.focus({preventScroll: true}); }
  }

  function draw() {
    var hall = currentHall();
    // Redrawn every refresh: the booth that had the keyboard focus gets it back.
    var focused = document.activeElement && document.activeElement.getAttribute &&
                  document.activeElement.getAttribute("data-code");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    if (!hall) { return; }
    if (shownHall !== hall.code && booths.length) {
      shownHall = hall.code;
      view.show(hall, booths.filter(function (b) { return b.hall === hall.code; }));
    }
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
      group.addEventListener("click", function () { select(booth.code, true); });
      group.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(booth.code, true); }
      });
      group.addEventListener("focus", function () { view.ensureVisible(booth.shape); });
    });
    document.getElementById("plan-shown").textContent = fill(t.shown, {n: shown, total: total});
    if (focused) { focusBooth(focused); }
  }

  function count() {
    // The legend counts the hall on screen, not the whole fair.
    var hall = currentHall(), counts = {};
    booths.forEach(function (b) { if (hall && b.hall === hall.code) { counts[b.status] = (counts[b.status] || 0) + 1; } });
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
    // A confirmed booth names its exhibitor: for a visitor that matters, not that it cannot be booked.
    var who = booth.status === "confirmed" ? exhibitors[booth.code] : null;
    var link = document.getElementById("booth-exhibitor");
    link.hidden = !who;
    if (who) {
      detail(dl, t.exhibitor, who.name);
      link.href = who.url;
      link.textContent = t.see_exhibitor;
    }
    document.getElementById("booth-panel-message").textContent =
      message || (available || who ? "" : t.not_available);
  }

  function select(code, byPerson) {
    selected = code;
    draw();
    showPanel();
    sheet.open(code, byPerson);
    // The address names the booth too, so it can be shared or reopened as it is.
    var url = new URL(window.location.href);
    url.searchParams.set("booth", code);
    url.hash = "";
    window.history.replaceState(null, "", url.pathname + url.search);
  }

  // "c7", "C-07" and "c 07" all name booth C-07: letters and numbers, leading zeros dropped.
  function codeKey(code) {
    return String(code).toUpperCase().replace(/[^A-Z0-9]+/g, " ").replace(/\d+/g, function (n) {
      return " " + String(parseInt(n, 10)) + " ";
    }).replace(/\s+/g, " ").trim();
  }
  function findBooth(text) {
    var wanted = String(text).trim().toUpperCase();
    var key = codeKey(wanted);
    return booths.filter(function (b) { return b.code.toUpperCase() === wanted; })[0] ||
           booths.filter(function (b) { return codeKey(b.code) === key; })[0];
  }
  function showBooth(booth, byPerson) {
    if (hallSelect.value !== booth.hall) { hallSelect.value = booth.hall; count(); }
    select(booth.code, byPerson);
    if (sheet.isSheet()) {
      // The sheet covers the lower part of the screen: the plan goes to the top, the booth above the sheet.
      svg.scrollIntoView({block: "start"});
      view.centreOn(booth.shape, 0.25);
    } else {
      view.centreOn(booth.shape);
    }
  }
  function search() {
    var text = searchInput.value.trim();
    if (!text) { searchMessage.textContent = ""; return; }
    var booth = findBooth(text);
    if (!booth) {
      searchMessage.textContent = fill(t.not_found, {code: text});
      searchMessage.classList.add("text-danger");
      return;
    }
    searchMessage.classList.remove("text-danger");
    searchMessage.textContent = fill(t.found, {code: booth.code, hall: booth.hall});
    showBooth(booth, true);
  }
  function listCodes() {
    var list = document.getElementById("plan-codes");
    if (list.childElementCount === booths.length) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    booths.forEach(function (b) {
      var option = document.createElement("option");
      option.value = b.code;
      list.appendChild(option);
    });
  }

  function openAsked() {
    var code = asked.trim().toUpperCase();
    var booth = booths.filter(function (b) { return b.code.toUpperCase() === code; })[0];
    asked = null;  // once: the live refresh must not pull the view back to it
    if (!booth) { return; }
    showBooth(booth, false);
  }

  function load() {
    return fetch(root.dataset.boothsUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        booths = data;
        document.getElementById("plan-error").hidden = true;
        count(); draw(); listCodes(); if (selected) { showPanel(); }
        if (asked) { openAsked(); }
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

  [typeSelect, availableOnly].forEach(function (input) { input.addEventListener("change", draw); });
  hallSelect.addEventListener("change", function () { count(); draw(); });
  priceInput.addEventListener("input", draw);
  document.getElementById("plan-filters").addEventListener("submit", function (event) {
    event.preventDefault();  // Enter in any field: a search, never a page reload
    search();
  });
  document.getElementById("plan-zoom-in").addEventListener("click", view.zoomIn);
  document.getElementById("plan-zoom-out").addEventListener("click", view.zoomOut);
  document.getElementById("plan-zoom-reset").addEventListener("click", view.reset);
  load();
  // Live: other people hold and book while this page is open.
  setInterval(function () { if (!document.hidden) { load(); } }, 15000);
})();
