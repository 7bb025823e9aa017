"""What a reader sees of the charts on a page, measured in the browser: the drawings shown, the
height of their text in CSS pixels, and text that overlaps or runs out of its drawing."""

from __future__ import annotations

# Text a reader can read on a phone: at least 11 CSS pixels high.
MIN_TEXT_PX = 11

# One label of several lines is one <g> of <text>s in matplotlib's SVG: each group is measured whole.
_PROBLEMS = """
(minPx) => {
  const problems = [];
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
                            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  for (const figure of document.querySelectorAll('figure.chart')) {
    const name = figure.id || figure.getAttribute('data-name') || 'a chart';
    const shown = [...figure.querySelectorAll('svg')].filter(svg => svg.getClientRects().length > 0);
    if (shown.length !== 1) problems.push(`${name}: ${shown.length} drawings shown, not one`);
    for (const svg of shown) {
      const scale = svg.getScreenCTM().a;
      const frame = svg.getBoundingClientRect();
      const groups = new Map();
      for (const text of svg.querySelectorAll('text')) {
        const px = parseFloat(getComputedStyle(text).fontSize) * scale;
        if (px < minPx - 0.01) problems.push(`${name}: "${text.textContent}" is ${px.toFixed(1)} px high`);
        const box = text.getBoundingClientRect();
        if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5 ||
            box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) {
          problems.push(`${name}: "${text.textContent}" runs out of the drawing`);
        }
        const group = groups.get(text.parentNode);
        groups.set(text.parentNode, group ? {
          text: `${group.text} / ${text.textContent}`, left: Math.min(group.left, box.left),
          right: Math.max(group.right, box.right), top: Math.min(group.top, box.top),
          bottom: Math.max(group.bottom, box.bottom)} : {
          text: text.textContent, left: box.left, right: box.right, top: box.top, bottom: box.bottom});
      }
      const labels = [...groups.values()];
      labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
        if (overlap(a, b)) problems.push(`${name}: "${a.text}" overlaps "${b.text}"`);
      }));
    }
  }
  return problems;
}
"""


def chart_problems(page) -> list[str]:
    """Every chart on the Playwright `page` that shows other than one drawing, text under
    MIN_TEXT_PX, text that overlaps other text or runs out of its drawing."""
    return page.evaluate(_PROBLEMS, MIN_TEXT_PX)


def chart_count(page) -> int:
    return page.locator("figure.chart").count()
