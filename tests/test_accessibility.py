"""Every reader: axe-core finds no violation on any page type in light and dark mode, the Nu Html Checker
finds no error in the project's markup, and the charts and tables read on a phone as on a desktop.

Problems of the theme that the project cannot fix from outside are listed, with their reason, in
tests/a11y-known-issues.yaml; anything else fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator import urls

from .chart_layout import chart_problems
from .conftest import CHROMIUM, CHROMIUM_ARGS, REPO
from .system import missing, require

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KNOWN = yaml.safe_load((Path(__file__).parent / "a11y-known-issues.yaml").read_text(encoding="utf-8"))
THEME_SCHEME = {"light": "default", "dark": "slate"}
PHONE, TABLET, DESKTOP = 390, 768, 1280
# (colour scheme, viewport width, run axe-core): every page type is visited in each view.
VIEWS = (("light", DESKTOP, True), ("dark", DESKTOP, True), ("light", PHONE, True), ("light", TABLET, False))
MOST_ARTICLES = 2  # pages of one template: a few stand for all (every topic with a chart is visited)


def page_types(site: Path) -> dict[str, str]:
    """A page of each type by name: {name: path in the site}. Every topic page with a chart is
    one (each draws its own), and the first without; every page at the top of the site."""
    pages = {name: urls.built_path(page) for name, page in (
        ("home", urls.HOME), ("timeline", urls.TIMELINE), ("disagreements", urls.DISAGREEMENTS),
        ("speakers", urls.SPEAKERS), ("sources index", urls.SOURCES), ("data", urls.DATA), ("method", "method.md"))}
    # Any other page at the top of the site is a page type of its own (what changed, say).
    for other in sorted(site.glob("*.html")):
        if other.name not in pages.values() and other.name != "404.html":
            pages[other.stem] = other.name
    topics = sorted((site / "topics").glob("*.html"))
    charted = [t for t in topics if 'class="chart' in t.read_text(encoding="utf-8")]
    for topic in charted + [t for t in topics if t not in charted][:1]:
        pages[f"topic {topic.stem}"] = f"topics/{topic.name}"
    articles = sorted(p for p in (site / "sources").glob("*.html") if p.name != "index.html")
    for article in articles[:MOST_ARTICLES]:
        pages[f"article {article.stem}"] = f"sources/{article.name}"
    return pages


# A table wider than its box is scrolled sideways: on a phone its last columns are out of sight.
_CUT = """
() => {
  const problems = [...document.querySelectorAll('article table')]
    .filter(t => t.offsetWidth > t.parentElement.clientWidth + 1)
    .map(t => `a table (${t.className || 'no class'}) is ${t.offsetWidth} px wide in ${t.parentElement.clientWidth} px`);
  const wider = document.documentElement.scrollWidth - window.innerWidth;
  return wider > 0 ? [...problems, `the page is ${wider} px wider than the screen`] : problems;
}
"""


@dataclass
class Visit:
    """What one page showed in one view."""

    where: str  # "home (index.html, light, 1280 px)"
    axe: list[tuple[str, str, str]]  # (rule, impact, "target: failure summary")
    charts: list[str]  # chart_layout.chart_problems
    cut: list[str]  # tables or the page wider than the screen


@pytest.fixture(scope="module")
def visits(served_site) -> list[Visit]:
    """Every page type in every view, visited once: axe-core's violations, chart and width problems."""
    require(CHROMIUM.exists(), f"{CHROMIUM} (Debian's chromium)")
    from playwright.sync_api import sync_playwright

    base, site = served_site
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for scheme, width, run_axe in VIEWS:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                if run_axe:
                    context.add_init_script(path=str(AXE))
                page = context.new_page()
                for name, path in page_types(site).items():
                    page.goto(f"{base}/{path}")
                    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                    assert shown == THEME_SCHEME[scheme], f"{path} shows scheme {shown!r} in {scheme} mode"
                    found.append(Visit(f"{name} ({path}, {scheme}, {width} px)", _axe(page) if run_axe else [],
                                       chart_problems(page), page.evaluate(_CUT)))
                context.close()
        finally:
            browser.close()
    return found


def _axe(page) -> list[tuple[str, str, str]]:
    assert page.evaluate("axe.version") == AXE_VERSION, f"{AXE} is not axe-core {AXE_VERSION}"
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [(v["id"], v["impact"], " ".join(map(str, node["target"])) + ": " + " ".join(node["failureSummary"].split()))
            for v in violations for node in v["nodes"]]


def _known_axe(entry: dict, rule: str, impact: str, node: str) -> bool:
    """A listed theme problem; a serious or critical violation never is one."""
    return entry["rule"] == rule and impact in {"minor", "moderate"} and node.startswith(entry["selector"])


@pytest.mark.browser
def test_axe_core_finds_no_violation_on_any_page_type_in_light_and_dark_mode(visits):
    found = [(visit.where, *violation) for visit in visits for violation in visit.axe]
    unknown = [f for f in found if not any(_known_axe(entry, *f[1:]) for entry in KNOWN["axe"])]
    assert not unknown, "axe-core violations:\n" + "\n".join(" | ".join(f) for f in unknown)
    stale = [entry for entry in KNOWN["axe"] if not any(_known_axe(entry, *f[1:]) for f in found)]
    assert not stale, f"known axe-core issues that no longer occur (remove them from the list): {stale}"
    assert len({v.where.split(" (")[0] for v in visits}) >= 9, "fewer page types than the book has"


@pytest.mark.browser
def test_charts_read_on_a_phone_a_tablet_and_a_desktop(visits):
    """One drawing per chart, no chart text under 11 px, none overlapping other text or cut off."""
    problems = [f"{visit.where}: {problem}" for visit in visits for problem in visit.charts]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_no_page_or_table_is_wider_than_the_screen(visits):
    problems = [f"{visit.where}: {problem}" for visit in visits for problem in visit.cut]
    assert not problems, "\n".join(problems)


def test_known_accessibility_issues_are_minor_or_moderate_and_give_a_reason():
    for entry in KNOWN["axe"]:
        assert entry.get("impact") in {"minor", "moderate"}, f"serious and critical problems are fixed, not listed: {entry}"
        assert entry.get("reason"), entry
    for entry in KNOWN["vnu"]:
        assert entry.get("reason") and entry.get("message") and entry.get("markup"), entry


def _vnu_errors(site: Path) -> list[dict]:
    java = shutil.which("java")
    require(java is not None, "Java (openjdk-17-jre-headless, for the Nu Html Checker)")
    if not VNU.exists():
        missing(f"{VNU} is missing: `npm ci --ignore-scripts` installs it (`make test` runs it)")
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
                         capture_output=True, text=True, timeout=600, check=False)
    return [m for m in json.loads(run.stderr)["messages"] if m["type"] != "info"]


def _known_vnu(message: dict) -> bool:
    return any(_known_vnu_entry(entry, message) for entry in KNOWN["vnu"])


def test_nu_html_checker_finds_no_error_in_the_projects_markup(built_book):
    site = built_book / "site"
    errors = _vnu_errors(site)
    assert errors or KNOWN["vnu"] == [], "the checker reported nothing: did it check the site?"
    unknown = [m for m in errors if not _known_vnu(m)]
    assert not unknown, "Nu Html Checker errors:\n" + "\n".join(
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}:{m.get('firstColumn')}: {m['message']} "
        f"[{' '.join(m.get('extract', '').split())}]" for m in unknown)
    stale = [e for e in KNOWN["vnu"] if not any(_known_vnu_entry(e, m) for m in errors)]
    assert not stale, f"known Nu Html Checker errors that no longer occur (remove them from the list): {stale}"


def _known_vnu_entry(entry: dict, message: dict) -> bool:
    return message["message"].startswith(entry["message"]) and entry["markup"] in message.get("extract", "")
