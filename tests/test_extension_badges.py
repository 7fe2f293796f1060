"""Badges on lists of papers, in Chromium: arXiv's list, author and search pages and Hugging Face's
lists (routed to local fixture pages in their shape) get a badge beside exactly the papers of the
collection, from one request per page, in live and static mode. The badges' closed shadow roots are
read through the DevTools protocol."""

from __future__ import annotations

import pytest
from extension_browser import LoadedExtension
from extension_fixtures import in_closed_shadows
from live_server import free_port, run_server
from playwright.sync_api import Page, expect
from static_server import static_server

from sitegen.serve.app import create_app

pytestmark = pytest.mark.browser

BADGE = "sitegen-papers-badge"
# Each fixture page and the papers on it that are in the sample's collection (with a title to
# hold a badge; the fixtures also list papers of the collection whose title element is missing).
PAGES = {
    "arxiv-list.html": {"2403.09629", "2408.03314"},
    "arxiv-search.html": {"2412.06769", "2103.13630"},
    "hf-papers.html": {"2509.04664", "2403.09629"},
}
LISTS = [
    ("https://arxiv.org/list/cs.CL/new", "arxiv-list.html"),
    ("https://arxiv.org/a/zelikman_e_1", "arxiv-list.html"),
    ("https://arxiv.org/search/?query=reasoning&searchtype=all", "arxiv-search.html"),
    ("https://huggingface.co/papers", "hf-papers.html"),
    ("https://huggingface.co/papers/date/2025-09-05", "hf-papers.html"),
    ("https://huggingface.co/papers/week/2025-W36", "hf-papers.html"),
    ("https://huggingface.co/papers/month/2025-09", "hf-papers.html"),
    ("https://huggingface.co/papers/trending", "hf-papers.html"),
]
# What a badge shows, as a user meets it: its link, its tooltip, and the title it sits in.
READ_BADGE = """root => {
  const a = root.querySelector("a");
  return { href: a.getAttribute("href"), tooltip: a.title, label: a.getAttribute("aria-label"),
           besideTitle: root.host.parentElement.textContent };
}"""


def recording(app, seen: list[str]):
    """The ASGI app, noting each path and query it is asked for."""

    async def noted(scope, receive, send):
        if scope["type"] == "http":
            query = scope["query_string"].decode()
            seen.append(scope["path"] + (f"?{query}" if query else ""))
        await app(scope, receive, send)

    return noted


@pytest.fixture(scope="module", params=["live", "static"])
def site(request, sample_build):
    """(mode, base URL, collection, the paths the site was asked for)."""
    config, report = sample_build
    seen: list[str] = []
    if request.param == "live":
        app = recording(create_app(config, listening_on="127.0.0.1"), seen)
        for base in run_server(app, free_port()):
            yield request.param, f"{base}/", report.collection, seen
    else:
        with static_server(config.site_path, seen) as base:
            yield request.param, base, report.collection, seen


@pytest.fixture
def open_list(extension: LoadedExtension, site):
    """Open a list page of arXiv or Hugging Face, answered by a local fixture page."""
    _, base, _, _ = site
    extension.use_site(base)

    yield extension.open_elsewhere
    extension.close_pages()


def badges_on(page: Page, count: int) -> list[dict]:
    expect(page.locator(BADGE)).to_have_count(count)
    return in_closed_shadows(page, BADGE, READ_BADGE)


def paper_with(collection, arxiv_id):
    return next(p for p in collection.papers.values() if p.arxiv_id == arxiv_id)


@pytest.mark.parametrize("url, fixture", LISTS)
def test_badges_mark_exactly_the_papers_in_the_collection(open_list, site, url, fixture):
    _, base, collection, _ = site
    errors = []
    page = open_list(url, fixture)
    page.on("pageerror", lambda error: errors.append(str(error)))
    shown = badges_on(page, len(PAGES[fixture]))
    papers = [paper_with(collection, arxiv_id) for arxiv_id in PAGES[fixture]]
    assert sorted(badge["href"] for badge in shown) == sorted(
        f"{base}papers/{p.id}/" for p in papers
    )
    for badge in shown:
        paper = next(p for p in papers if badge["href"].endswith(f"/papers/{p.id}/"))
        assert paper.title.split(":")[0] in badge["besideTitle"]  # beside its own title
        tags = ", ".join(collection.tags[slug].name for slug in paper.tags)
        assert badge["tooltip"] == f"In your collection: {paper.title}\nTags: {tags}"
        assert tags in badge["label"]
    assert errors == []


def test_one_request_per_page(open_list, site):
    """Live: one batch lookup for the whole page. Static: lookup.json and search.json once, then
    nothing more for the next pages; never a request per paper."""
    mode, _, _, seen = site
    seen.clear()
    badges_on(open_list(*LISTS[0]), 2)
    first = [path for path in seen if "/api/v1/" in path and "health" not in path]
    seen.clear()
    badges_on(open_list(*LISTS[2]), 2)
    badges_on(open_list(*LISTS[3]), 2)
    then = [path for path in seen if "/api/v1/" in path and "health" not in path]
    if mode == "live":
        assert len(first) == 1 and first[0].startswith("/api/v1/lookup?arxiv=")
        assert len(then) == 2 and all(p.startswith("/api/v1/lookup?arxiv=") for p in then)
    else:
        assert set(first) <= {"/api/v1/lookup.json", "/api/v1/search.json"}
        assert len(first) == len(set(first))
        assert then == []


def test_the_page_cannot_read_the_badges(open_list, site):
    _, _, collection, _ = site
    page = open_list(*LISTS[0])
    badges_on(page, 2)
    seen_by_page = page.evaluate(
        """badge => ({
            shadowRoots: [...document.querySelectorAll(badge)].map((host) => host.shadowRoot),
            text: document.documentElement.innerText + document.documentElement.outerHTML,
        })""",
        BADGE,
    )
    assert seen_by_page["shadowRoots"] == [None, None]
    assert "In your collection" not in seen_by_page["text"]
    for arxiv_id in PAGES["arxiv-list.html"]:
        paper = paper_with(collection, arxiv_id)
        assert f"papers/{paper.id}/" not in seen_by_page["text"]
        assert not any(f"tags/{slug}/" in seen_by_page["text"] for slug in paper.tags)


def test_a_page_not_in_the_shape_of_a_list_asks_nothing_and_shows_nothing(open_list, site):
    """arXiv's markup changed beyond recognition: no badge, no request, no error on the page."""
    _, _, _, seen = site
    errors = []
    seen.clear()
    page = open_list("https://arxiv.org/list/cs.CL/new", "arxiv-abs.html")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.wait_for_timeout(500)
    expect(page.locator(BADGE)).to_have_count(0)
    assert [path for path in seen if "lookup" in path] == [] and errors == []


NEXT_DAY = """() => {
  history.pushState({}, "", "/papers/date/2025-09-04");
  const grid = document.querySelector(".grid");
  grid.replaceChildren();
  for (const [id, title] of [["2412.06769", "Reasoning in a Continuous Latent Space"],
                             ["2401.00009", "Another Day's Paper"]]) {
    const article = document.createElement("article");
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = "/papers/" + id;
    link.textContent = title;
    heading.append(link);
    article.append(heading);
    grid.append(article);
  }
}"""


def test_moving_to_another_day_inside_the_page_marks_the_new_list(open_list, site):
    """Hugging Face draws another day's list without loading a page: it gets its badges, from one
    more request."""
    mode, base, collection, seen = site
    page = open_list("https://huggingface.co/papers", "hf-papers.html")
    badges_on(page, 2)
    seen.clear()
    page.evaluate(NEXT_DAY)
    [badge] = badges_on(page, 1)
    assert badge["href"] == f"{base}papers/{paper_with(collection, '2412.06769').id}/"
    asked = [path for path in seen if path.startswith("/api/v1/lookup")]
    assert len(asked) == (1 if mode == "live" else 0)  # static: the tables kept from before
