// Pan and zoom for the floor plan's SVG: drag to pan, pinch or the wheel to zoom, +/−/reset buttons.
// The view is a centre (metres) and a scale (pixels per metre) turned into the SVG's viewBox, so the
// booths stay crisp vectors at every zoom. A hall opens zoomed in far enough that a standard booth
// is a comfortable tap target (≥ 44 px) on a phone, rather than the whole hall squeezed into 390 px.
(function () {
  "use strict";
  var TAP_PX = 48;          // a typical booth's shorter side at the start, on a touch screen or a phone
  var CLICK_PX = 40;        // …and with a mouse on a wide screen, where the whole hall usually fits
  var DRAG_PX = 6;          // a pointer moving less than this is a tap, not a pan
  var MARGIN_M = 1;

  window.fairPlanView = function (svg) {
    var hall = null, fitScale = 1, startScale = 1, start = null;
    var scale = 1, cx = 0, cy = 0;
    var pointers = new Map(), gesture = null, dragged = false;

    function size() {
      var box = svg.getBoundingClientRect();
      return {w: box.width || 1, h: box.height || 1, left: box.left, top: box.top};
    }
    function limits() { return {min: fitScale * 0.8, max: Math.max(startScale * 4, fitScale * 8)}; }
    function clampScale(value) { var l = limits(); return Math.min(l.max, Math.max(l.min, value)); }
    function clampCentre() {
      // Keep some of the hall in view: the centre may not leave the hall.
      if (!hall) { return; }
      cx = Math.min(hall.width, Math.max(0, cx));
      cy = Math.min(hall.depth, Math.max(0, cy));
    }
    function apply() {
      var s = size(), w = s.w / scale, h = s.h / scale;
      clampCentre();
      svg.setAttribute("viewBox", [cx - w / 2, cy - h / 2, w, h].map(function (n) { return n.toFixed(3); }).join(" "));
      svg.dataset.scale = scale.toFixed(2);  // pixels per metre, for tests and debugging
    }
    function toWorld(clientX, clientY) {
      var s = size();
      return {x: cx + (clientX - s.left - s.w / 2) / scale, y: cy + (clientY - s.top - s.h / 2) / scale};
    }
    function zoomAround(factor, clientX, clientY) {
      var s = size();
      if (clientX === undefined) { clientX = s.left + s.w / 2; clientY = s.top + s.h / 2; }
      var before = toWorld(clientX, clientY);
      scale = clampScale(scale * factor);
      // The point under the finger (or the cursor) stays where it is.
      cx = before.x - (clientX - s.left - s.w / 2) / scale;
      cy = before.y - (clientY - s.top - s.h / 2) / scale;
      apply();
    }

    function show(nextHall, booths) {
      hall = nextHall;
      var s = size();
      fitScale = Math.min(s.w / hall.width, s.h / hall.depth);
      var sides = booths.map(function (b) { return Math.min(b.width_m, b.depth_m); }).sort(function (a, b) { return a - b; });
      var typical = sides.length ? sides[Math.floor(sides.length / 2)] : 3;
      var touch = window.matchMedia("(pointer: coarse), (max-width: 767.98px)").matches;
      startScale = Math.max(fitScale, (touch ? TAP_PX : CLICK_PX) / typical);
      var xs = [], ys = [];
      booths.forEach(function (b) {
        var pts = b.shape.kind === "rect" ? [[b.shape.x, b.shape.y], [b.shape.x + b.shape.w, b.shape.y + b.shape.h]] : b.shape.points;
        pts.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); });
      });
      var left = xs.length ? Math.max(0, Math.min.apply(null, xs) - MARGIN_M) : 0;
      var top = ys.length ? Math.max(0, Math.min.apply(null, ys) - MARGIN_M) : 0;
      var w = s.w / startScale, h = s.h / startScale;
      // Zoomed in, the view opens on the first booths (top left); fitted, on the middle of the hall.
      start = startScale > fitScale * 1.01
        ? {x: Math.min(left + w / 2, hall.width / 2 + Math.max(0, hall.width - w) / 2), y: Math.min(top + h / 2, hall.depth / 2 + Math.max(0, hall.depth - h) / 2)}
        : {x: hall.width / 2, y: hall.depth / 2};
      reset();
    }
    function reset() {
      if (!hall) { return; }
      scale = startScale; cx = start.x; cy = start.y;
      apply();
    }
    function centreOn(shape, at) {
      // `at`: where the booth lands, as a share of the height (a bottom sheet may cover the rest).
      var xs, ys;
      if (shape.kind === "rect") { xs = [shape.x, shape.x + shape.w]; ys = [shape.y, shape.y + shape.h]; }
      else { xs = shape.points.map(function (p) { return p[0]; }); ys = shape.points.map(function (p) { return p[1]; }); }
      cx = (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2;
      cy = (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2;
      scale = Math.max(scale, startScale);
      cy += (0.5 - (at || 0.5)) * size().h / scale;
      apply();
    }
    function ensureVisible(shape) {
      var s = size(), w = s.w / scale, h = s.h / scale;
      var x = shape.kind === "rect" ? shape.x + shape.w / 2 : shape.points[0][0];
      var y = shape.kind === "rect" ? shape.y + shape.h / 2 : shape.points[0][1];
      if (Math.abs(x - cx) > w / 2 - 1 || Math.abs(y - cy) > h / 2 - 1) { cx = x; cy = y; apply(); }
    }

    // ------------------------------------------------------------ pointers: one pans, two pinch
    function spread() {
      var p = Array.from(pointers.values());
      return {d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) || 1, x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2};
    }
    function begin() {
      if (pointers.size === 1) {
        var p = pointers.values().next().value;
        gesture = {kind: "pan", x: p.x, y: p.y, cx: cx, cy: cy, moving: false};
      } else if (pointers.size === 2) {
        var m = spread();
        gesture = {kind: "pinch", d: m.d, scale: scale, world: toWorld(m.x, m.y), moving: true};
      } else {
        gesture = null;
      }
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) { return; }
      if (pointers.size === 0) { dragged = false; }
      pointers.set(event.pointerId, {x: event.clientX, y: event.clientY});
      begin();
    });
    svg.addEventListener("pointermove", function (event) {
      if (!pointers.has(event.pointerId) || !gesture) { return; }
      pointers.set(event.pointerId, {x: event.clientX, y: event.clientY});
      if (gesture.kind === "pan") {
        var dx = event.clientX - gesture.x, dy = event.clientY - gesture.y;
        if (!gesture.moving && Math.hypot(dx, dy) < DRAG_PX) { return; }
        if (!gesture.moving) {
          gesture.moving = dragged = true;
          try { svg.setPointerCapture(event.pointerId); } catch (e) { /* the pointer is already gone */ }
        }
        cx = gesture.cx - dx / scale; cy = gesture.cy - dy / scale;
        apply();
      } else {
        dragged = true;
        var m = spread(), s = size();
        scale = clampScale(gesture.scale * m.d / gesture.d);
        cx = gesture.world.x - (m.x - s.left - s.w / 2) / scale;
        cy = gesture.world.y - (m.y - s.top - s.h / 2) / scale;
        apply();
      }
      event.preventDefault();
    });
    function end(event) {
      if (!pointers.delete(event.pointerId)) { return; }
      begin();  // a pinch that loses a finger goes on as a pan from where it is
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("lostpointercapture", end);
    // A click that ends a drag is no tap on a booth.
    svg.addEventListener("click", function (event) {
      if (dragged) { event.stopPropagation(); event.preventDefault(); dragged = false; }
    }, true);
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoomAround(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), event.clientX, event.clientY);
    }, {passive: false});
    if (window.ResizeObserver) {
      var last = null;
      new ResizeObserver(function () {
        var s = size(), key = Math.round(s.w) + "x" + Math.round(s.h);
        if (key !== last && hall) { last = key; fitScale = Math.min(s.w / hall.width, s.h / hall.depth); apply(); }
      }).observe(svg);
    }

    return {
      show: show, reset: reset, centreOn: centreOn, ensureVisible: ensureVisible,
      zoomIn: function () { zoomAround(1.5); }, zoomOut: function () { zoomAround(1 / 1.5); },
      scale: function () { return scale; }
    };
  };
})();
