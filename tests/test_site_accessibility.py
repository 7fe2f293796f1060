"""Every page type of a real build checked by axe-core in Chromium, in the light and the dark scheme:
no serious or critical violation, contrast included; the lesser ones are printed.

axe-core is vendored (tests/vendor/README.md), so the check needs no network.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect
from site_builder import build_collection
from static_server import static_server

from sitegen.render.listing import PAGE_SIZE
from sitegen.sources import bundled_sources

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's palette
DAILY = 6  # the first widgets carry every daily-list field: TL;DR, upvotes, code, organization...

# Where each page type is, in the build of the `site` fixture; "search" is the home page with the
# search box open on a query.
PAGES = {
    "home": "",
    "paper with TL;DR and facts": "papers/2501.00000/",
    "paper without them": "papers/bare-widget/",
    "tag": "tags/widgets/",
    "tag, second page": "tags/widgets/2/",
    "month archive": "archive/2025-01/",
    "days": "days/",
    "day": "days/2025-01-10/",
    "weeks": "weeks/",
    "week": "weeks/2025-W02/",
    "papers": "papers/",
    "tags": "tags/",
    "authors": "authors/",
    "author": "authors/ada-lovelace/",
    "organizations": "orgs/",
    "organization": "orgs/example-lab/",
    "papers with code": "code/",
    "saved searches": "searches/",
    "saved search, second page": "searches/widget-studies/2/",
    "graph": "graph/",
    "timeline": "timeline/",
    "api": "api/",
    "about": "about/",
    "guide": "guide/site/",
    "search results": "search",
}

# Run in the page: axe's violations, each with the elements it found and why.
RUN_AXE = """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
.map((v) => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map((n) => ({ target: n.target.join(" "), why: n.failureSummary })),
}))"""
# Material eases colours in over a quarter second when the palette switches to the dark scheme on
# load; axe would measure some of them halfway. Stopping transitions disables no rule.
NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)

BARE = {"title": "Bare Widget", "abstract": "A widget paper with nothing but an abstract."}


def widget(n: int) -> dict:
    record = {
        "title": f"Widget Study Number {n}",
        "abstract": f"Widget study {n} measures widgets.",
        "date": f"2025-01-{1 + n % 28:02d}",
        "tags": ["Widgets"],
        "authors": ["Ada Lovelace"] if n < 5 else [f"Author {n}"],
    }
    if n < DAILY:
        record |= {
            "arxiv_id": f"2501.{n:05d}",
            "upvotes": 10 + n,
            "daily_date": f"2025-01-{10 + n % 3:02d}",
            "tldr": f"Widgets, study {n}, in one line.",
            "code_url": "https://github.com/example/widgets",
            "code_stars": 12,
            "project_url": "https://example.org/widgets",
            "organization": "Example Lab",
            "organization_id": "example-lab",
            "comments": 2,
            "categories": ["cs.CL"],
            "journal_ref": "Proc. Widgets 2025",
            "doi": "10.1234/widgets",
        }
    return record


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo site (the guide included) of the bundled sample, a tag of more than a page and a
    saved search of as many."""
    root = tmp_path_factory.mktemp("a11y")
    source = root / "widgets.yaml"
    records = [widget(n) for n in range(PAGE_SIZE + 5)] + [BARE]
    source.write_text(yaml.safe_dump(records), encoding="utf-8")
    sources = [*map(str, bundled_sources()), str(source)]
    studies = {"name": "Widget studies", "query": "widget study -bare"}
    config, report = build_collection(root / "c", sources, demo=True, feeds=[studies])
    assert not report.errors, report.problems
    with static_server(config.site_path) as base:
        yield base, config


def open_page(page: Page, base: str, path: str) -> None:
    if path != "search":
        page.goto(base + path)
        return
    page.goto(base)
    page.locator("input.md-search__input").fill("widget")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def report(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']} {v['id']} ({v['help']}):"
        + "".join(f"\n    {n['target']}: {' '.join(n['why'].split())}" for n in v["nodes"][:5])
        for v in violations
    )


def test_every_page_type_is_on_the_list(site):
    _, config = site
    for name, path in PAGES.items():
        if path != "search":
            assert (config.site_path / path / "index.html").is_file(), name


@pytest.fixture(scope="module")
def schemes(browser: Browser):
    """A browser context per scheme and axe-core served beside the site: pages of one context share
    its cache, so axe is compiled once, not once a page."""
    contexts = {scheme: browser.new_context(color_scheme=scheme) for scheme in SCHEMES}
    with static_server(AXE.parent) as tools:
        yield contexts, tools + AXE.name
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_serious(schemes, site, name, scheme):
    (contexts, axe), (base, _) = schemes, site
    page = contexts[scheme].new_page()
    try:
        open_page(page, base, PAGES[name])
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        if name == "graph":
            expect(page.locator(".sg-graph canvas").first).to_be_attached()
        page.add_style_tag(content=NO_TRANSITIONS)
        page.add_script_tag(url=axe)
        violations = page.evaluate(RUN_AXE)
    finally:
        page.close()
    others = [v for v in violations if v["impact"] not in BLOCKING]
    if others:
        print(f"{name}, {scheme} scheme:\n{report(others)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name}, {scheme} scheme:\n{report(blocking)}"
