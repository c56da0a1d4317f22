// Fixed-position things other than the top bar: do any cover text or a control right now?
() => {
  const header = document.querySelector('header.bd-header');
  const floating = [...document.querySelectorAll('body *')].filter((el) => {
    const style = getComputedStyle(el);
    if (style.position !== 'fixed' || style.display === 'none' || style.visibility === 'hidden') return false;
    if (el.closest('dialog:not([open])') || (header && header.contains(el))) return false;
    const box = el.getBoundingClientRect();
    return box.width > 2 && box.height > 2 && box.bottom > 0 && box.top < innerHeight && box.left < innerWidth && box.right > 0;
  });
  const covered = [];
  for (const el of floating) {
    const box = el.getBoundingClientRect();
    for (const [x, y] of [[box.left + 4, box.top + 4], [box.right - 4, box.bottom - 4], [(box.left + box.right) / 2, (box.top + box.bottom) / 2]]) {
      for (const under of document.elementsFromPoint(x, y)) {
        if (el.contains(under) || under.contains(el)) continue;
        if (under.matches('a[href], button, input, select, p, li, td, th, h1, h2, h3, h4, label, summary')) {
          covered.push(`${el.id || el.className} covers <${under.tagName.toLowerCase()}> "${under.textContent.trim().slice(0, 30)}"`);
          break;
        }
      }
    }
  }
  return covered;
}
