"""Matplotlib's SVG made fit to inline in HTML, any number of times per document.

Plain string functions: `inline_svg` takes what `savefig(format="svg")` wrote and
returns an `<svg>` element with no prolog, comments, metadata, document-wide
style sheet or links, sized by its container, drawn in `currentColor`, and with
every id it keeps prefixed so that several charts (and two layouts of one
chart) can share a page or the print book.
"""

from __future__ import annotations

import re

INK = "#010101"  # what the drawing uses for text and axes; becomes currentColor

_ID = re.compile(r'\sid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^")]+)')


def inline_svg(svg: str, id_prefix: str) -> str:
    """The `<svg>` element of matplotlib's output, cleaned (see the module doc)."""
    svg = svg[svg.index("<svg"):]  # no XML prolog or DOCTYPE inside HTML
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)  # RDF: not valid in HTML
    # A <style> inside inline SVG styles the whole page: its two rules go on
    # the root element instead, where they are inherited by the drawing only.
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r"<a [^>]*>|</a>", "", svg)  # no links: the table beside the chart carries them
    svg = re.sub(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)  # sized by CSS
    svg = svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    svg = re.sub(r"\n\s*\n", "\n", svg)  # no blank lines: Markdown must keep it one HTML block
    return prefix_ids(svg, id_prefix).replace(INK, "currentColor")


def prefix_ids(svg: str, prefix: str) -> str:
    """Keep only the ids something refers to (clip paths, markers, hatches), each prefixed.

    Matplotlib names its groups `figure_1`, `text_1`..., and names shared
    definitions by a hash of their content: the same in every chart.
    """
    referenced = {name for _, name in _REFERENCE.findall(svg)}

    def rename_id(match: re.Match) -> str:
        name = match.group(1)
        return f' id="{prefix}{name}"' if name in referenced else ""

    def rename_reference(match: re.Match) -> str:
        return f"{match.group(1)}{prefix}{match.group(2)}"

    return _REFERENCE.sub(rename_reference, _ID.sub(rename_id, svg))


def ids(svg: str) -> list[str]:
    """Every id in an SVG (or any markup), in order: for tests and checks of uniqueness."""
    return _ID.findall(svg)
