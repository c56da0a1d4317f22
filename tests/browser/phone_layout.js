// At phone width: is anything cut off, spilling sideways, or overlapping another control?
// Returns one sentence per problem, naming the element (run by tests/browser/test_phone.py).
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const name = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ');
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}> "${text.slice(0, 40)}"`;
  };
  const shown = (el) => {
    if (el.closest('dialog:not([open]), [hidden], .swc-sr-only, .visually-hidden, .sr-only')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
    const box = el.getBoundingClientRect();
    return box.width > 2 && box.height > 2;
  };
  const scroller = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (['auto', 'scroll', 'hidden', 'clip'].includes(overflow) && node !== document.body
          && node !== document.documentElement) return node;
    }
    return null;
  };
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide`);
  }
  // Anything past the right edge must be inside a box that scrolls (tables, code, wide figures).
  for (const el of document.querySelectorAll('main *')) {
    if (!shown(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !scroller(el)) problems.push(`cut off at the right edge: ${name(el)}`);
  }
  // Controls must not overlap each other (one covering another, or sitting on it).
  const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
    .filter(shown);
  // An inline link wrapped over two lines has one box per line: compare those, not the hull.
  const boxes = controls.map((el) => [el, [...el.getClientRects()].filter((r) => r.width > 1 && r.height > 1)]);
  const meet = (ra, rb) => Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 2
    && Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 2;
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const [a, ra] = boxes[i];
      const [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a) || (a.labels && [...a.labels].includes(b)) || (b.labels && [...b.labels].includes(a))) continue;
      if (ra.some((x) => rb.some((y) => meet(x, y)))) problems.push(`controls overlap: ${name(a)} and ${name(b)}`);
    }
  }
  return problems;
}
