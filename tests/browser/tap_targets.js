// Tap targets under 44 × 44 px on the page, for tests/browser/test_accessibility.py: every visible
// link, button and field, measured as a finger meets it.
() => {
  // What a finger can hit: a link, button or field, with the label of a check box or radio
  // (tapping the label ticks the box) and the card of a Bootstrap stretched link.
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") return false;
    if (el.closest(".visually-hidden, .visually-hidden-focusable, [hidden], [aria-hidden=true]")) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right > 0 && r.left < document.documentElement.clientWidth;
  };
  const union = (rects) => {
    const left = Math.min(...rects.map((r) => r.left)), top = Math.min(...rects.map((r) => r.top));
    const right = Math.max(...rects.map((r) => r.right)), bottom = Math.max(...rects.map((r) => r.bottom));
    return {width: right - left, height: bottom - top};
  };
  const inRunningText = (el) => {
    // A link inside a sentence (WCAG 2.5.5's "inline" exception): its block has other text too.
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    return block && block.innerText.trim().length > el.innerText.trim().length + 1;
  };
  const target = (el) => {
    if (el.classList.contains("stretched-link")) {
      let box = el.parentElement;
      while (box && getComputedStyle(box).position === "static") box = box.parentElement;
      if (box) return box.getBoundingClientRect();
    }
    if (el.tagName === "INPUT" && (el.type === "checkbox" || el.type === "radio")) {
      const labels = [...el.labels].filter((l) => l.getBoundingClientRect().width > 0);
      const rects = labels.map((l) => l.getBoundingClientRect());
      if (!el.classList.contains("btn-check")) rects.push(el.getBoundingClientRect());
      if (rects.length) return union(rects);
    }
    return el.getBoundingClientRect();
  };
  const name = (el) => (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 40);
  const small = [];
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]")) {
    if (el.classList.contains("btn-check") ? !el.labels.length : !visible(el)) continue;
    if (el.closest(".hp-field") || inRunningText(el)) continue;
    const r = target(el);
    if (r.width < 44 || r.height < 44) {
      const id = el.id ? "#" + el.id : "";
      const classes = [...el.classList].map((c) => "." + c).join("");
      small.push(`${el.tagName.toLowerCase()}${id}${classes} "${name(el)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return small;
}
