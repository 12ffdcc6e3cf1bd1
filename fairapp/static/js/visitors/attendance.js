// Attendance page: polls the figures every few seconds, refills the tables and draws the hourly chart as SVG.
(function () {
  "use strict";
  var box = document.getElementById("attendance");
  if (!box) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var url = box.dataset.url;
  var every = parseInt(box.dataset.refreshMs, 10) || 5000;
  var chart = document.getElementById("att-chart");

  function setText(id, value) { document.getElementById(id).textContent = value; }

  function cell(row, value, end) {
    var td = document.createElement("td");
    if (end) { td.className = "text-end"; }
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function fill(id, items, columns) {
    var body = document.getElementById(id);
    var rows = items.map(function (item) {
      var tr = document.createElement("tr");
      columns.forEach(function (column, i) { cell(tr, column(item), i > 0 && id !== "att-refused"); });
      return tr;
    });
    body.replaceChildren.apply(body, rows);
  }

  function swatchCell(row, color, label) {
    var td = cell(row, "");
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "swatch");
    svg.setAttribute("width", "12");
    svg.setAttribute("height", "12");
    svg.setAttribute("aria-hidden", "true");
    var rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("width", "12");
    rect.setAttribute("height", "12");
    rect.setAttribute("fill", color);
    svg.appendChild(rect);
    td.appendChild(svg);
    td.appendChild(document.createTextNode(" " + label));
  }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The top of the scale: four gridline steps of 1, 2 or 5 × 10^k, so every label is a whole number.
  function niceMax(value) {
    var raw = Math.max(value, 4) / 4;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).filter(function (s) { return s >= raw; })[0];
    return 4 * step;
  }

  function drawChart(hours) {
    var width = 720, height = 240, left = 44, right = 8, top = 22, bottom = 24;
    var plotW = width - left - right, plotH = height - top - bottom;
    var most = niceMax(Math.max.apply(null, hours.map(function (h) { return Math.max(h["in"], h.out); }).concat([0])));
    var slot = plotW / Math.max(hours.length, 1);
    var bar = Math.max(2, slot * 0.38);
    var nodes = [];
    [0, 0.25, 0.5, 0.75, 1].forEach(function (share) {
      var y = top + plotH * (1 - share);
      nodes.push(el("line", {x1: left, x2: width - right, y1: y, y2: y, class: "axis", "stroke-opacity": share ? 0.25 : 1}));
      nodes.push(el("text", {x: left - 6, y: y + 4, "text-anchor": "end"}, String(Math.round(most * share))));
    });
    hours.forEach(function (h, i) {
      var x = left + i * slot + slot / 2;
      var hIn = plotH * h["in"] / most, hOut = plotH * h.out / most;
      var barIn = el("rect", {x: x - bar, y: top + plotH - hIn, width: bar, height: hIn, class: "bar-in"});
      barIn.appendChild(el("title", {}, h.label + " · " + box.dataset.labelIn + ": " + h["in"]));
      var barOut = el("rect", {x: x, y: top + plotH - hOut, width: bar, height: hOut, class: "bar-out"});
      barOut.appendChild(el("title", {}, h.label + " · " + box.dataset.labelOut + ": " + h.out));
      nodes.push(barIn, barOut);
      nodes.push(el("text", {x: x, y: height - 6, "text-anchor": "middle"}, h.label.slice(0, 2)));
    });
    nodes.push(el("rect", {x: left, y: 4, width: 10, height: 10, class: "bar-in"}));
    nodes.push(el("text", {x: left + 14, y: 13}, box.dataset.labelIn));
    nodes.push(el("rect", {x: left + 110, y: 4, width: 10, height: 10, class: "bar-out"}));
    nodes.push(el("text", {x: left + 124, y: 13}, box.dataset.labelOut));
    chart.replaceChildren.apply(chart, nodes);
    chart.removeAttribute("hidden");  // an SVG element has no .hidden property
  }

  function render(data) {
    setText("att-entries", data.entries);
    setText("att-exits", data.exits);
    setText("att-inside", data.inside);
    setText("att-refused-count", data.refused.count);
    setText("att-updated", data.updated_local);
    fill("att-hours", data.hours, [function (h) { return h.label; }, function (h) { return h["in"]; }, function (h) { return h.out; }]);
    fill("att-gates", data.gates, [function (g) { return g.gate; }, function (g) { return g["in"]; }, function (g) { return g.out; }]);
    fill("att-days", data.days, [function (d) { return d.label; }, function (d) { return d["in"]; }, function (d) { return d.out; }]);
    fill("att-reasons", data.refused.by_reason, [function (r) { return r.reason; }, function (r) { return r.count; }]);
    fill("att-refused", data.refused.latest, [
      function (r) { return r.time; }, function (r) { return r.gate; }, function (r) { return r.reason; },
      function (r) { return r.name; }, function (r) { return r.message; }]);
    var types = document.getElementById("att-types");
    types.replaceChildren.apply(types, data.types.map(function (t) {
      var tr = document.createElement("tr");
      swatchCell(tr, t.color, t.type);
      cell(tr, t["in"], true);
      return tr;
    }));
    drawChart(data.hours);
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(render)
      .catch(function () { /* keep the last figures; try again on the next tick */ })
      .then(function () { setTimeout(poll, every); });
  }
  poll();
})();
