"""Author and organization pages on a real build: who gets one, what it lists, and the links from
every paper that names them; the thumbnails and avatars of other hosts only when the config asks."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect
from site_builder import build_collection
from static_server import static_server

from sitegen.model import Paper
from sitegen.render.people import _display_names, people_of

IMAGES = "https://images.example"  # another host, which no test reaches: the browser is answered
RECORDS = [
    {
        "title": "Graph Retrieval One",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "organization": "Example <b>Lab</b>",
        "organization_id": "example-lab",
        "organization_avatar": f"{IMAGES}/lab.png",
        "thumbnail_url": f"{IMAGES}/one.png?a=1&b=<2>",
        "date": "2025-01-01",
        "upvotes": 50,
    },
    {
        "title": "Graph Retrieval Two",
        "authors": ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        "organization": "Example <b>Lab</b>",
        "organization_id": "example-lab",
        "thumbnail_url": "http://images.example/two.png",  # not https: never shown
        "date": "2025-02-01",
        "upvotes": 5,
    },
    {
        "title": "Graph Retrieval Three",
        "authors": ["Ada  Lovelace", "Solo Writer"],
        "date": "2025-03-01",
    },
]


def test_authors_with_enough_papers_get_pages_and_spellings_share_one():
    papers = [Paper(**r, id=str(n)) for n, r in enumerate(RECORDS)]
    people = people_of(papers, 2)
    assert people.authors == {
        "Ada Lovelace": "ada-lovelace",
        "Ada  Lovelace": "ada-lovelace",  # the same author as far as a reader can tell
        "Alan Turing": "alan-turing",
    }
    assert people.orgs == {"example-lab": "example-lab"}
    assert people_of(papers, 0).authors == {}


def test_an_author_page_takes_the_most_used_spelling_and_the_newest_among_equals():
    authors = {"Kai Chen": "kai-chen", "Kai  Chen": "kai-chen", "Bo Li": "bo-li", "Bo  Li": "bo-li"}
    newest = [
        Paper(id="3", title="Three", authors=["Kai  Chen", "Bo  Li", "No Page"]),
        Paper(id="2", title="Two", authors=["Kai Chen", "Bo Li"]),
        Paper(id="1", title="One", authors=["Bo Li"]),
    ]
    assert _display_names(authors, newest) == {"kai-chen": "Kai  Chen", "bo-li": "Bo Li"}


def served(tmp_path_factory, **options):
    root = tmp_path_factory.mktemp("people")
    source = root / "records.yaml"
    records = [{**r, "abstract": f"{r['title']} over graphs."} for r in RECORDS]
    source.write_text(yaml.safe_dump(records), encoding="utf-8")
    config, report = build_collection(root / "c", [str(source)], author_pages_min=2, **options)
    assert not report.errors, report.problems
    with static_server(config.site_path) as base:
        yield base, report.collection, config


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The default build: remote images off."""
    yield from served(tmp_path_factory)


@pytest.fixture(scope="module")
def with_images(tmp_path_factory):
    yield from served(tmp_path_factory, remote_images=True)


@pytest.mark.browser
def test_a_reader_goes_from_a_paper_to_its_authors_and_organization(page: Page, site):
    base, collection, _ = site
    ids = {p.title: p.id for p in collection.papers.values()}
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{base}papers/{ids['Graph Retrieval Two']}/")
    byline = page.locator(".sg-byline")
    assert byline.locator("a").all_inner_texts() == ["Ada Lovelace", "Alan Turing"]
    assert "Grace Hopper" in byline.inner_text()  # one paper: no page, still named
    page.locator(".sg-facts a", has_text="Example <b>Lab</b>").click()
    expect(page.locator("h1")).to_contain_text("Example <b>Lab</b>")
    page.wait_for_load_state()  # the heading is there before the list below it
    listed = page.locator("article ul li > a").all_inner_texts()
    assert listed == ["Graph Retrieval Two", "Graph Retrieval One"]  # newest first
    page.get_by_role("link", name="Most upvoted").click()
    expect(page.locator(".sg-order strong")).to_have_text("Most upvoted")
    page.wait_for_load_state()
    ranked = page.locator("article ul li > a").all_inner_texts()
    assert ranked == ["Graph Retrieval One", "Graph Retrieval Two"]
    page.get_by_role("link", name="Newest first").click()
    expect(page.locator(".sg-order strong")).to_have_text("Newest first")
    page.goto(f"{base}papers/{ids['Graph Retrieval Three']}/")
    page.get_by_role("link", name="Ada  Lovelace").click()
    expect(page.locator("h1")).to_contain_text("Ada Lovelace")
    page.wait_for_load_state()
    assert page.locator("article ul li > a").count() == 3
    assert page.locator(".sg-coauthors a").all_inner_texts() == ["Alan Turing"]
    page.locator(".sg-coauthors a").click()
    expect(page.locator("h1")).to_contain_text("Alan Turing")
    page.wait_for_load_state()
    assert page.locator("article ul li > a").count() == 2
    page.get_by_role("link", name="All authors").click()
    expect(page.locator("h1")).to_contain_text("Authors")
    page.wait_for_load_state()
    assert page.locator("ul.sg-people li > a").all_inner_texts() == ["Ada Lovelace", "Alan Turing"]
    page.goto(f"{base}orgs/")
    assert page.locator("ul.sg-people li > a").all_inner_texts() == ["Example <b>Lab</b>"]
    assert missing == []


# A PNG of one transparent pixel: what the other host answers in the browser.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
IMAGE_SOURCE = re.compile(r'<img\b[^>]*?\ssrc(?:set)?="([^"]*)"')


def images_elsewhere(site_path) -> dict[str, list[str]]:
    """Each built page's images on another host (any absolute URL: the site's own are relative)."""
    found = {}
    for page in site_path.rglob("*.html"):
        sources = IMAGE_SOURCE.findall(page.read_text(encoding="utf-8"))
        elsewhere = [s for s in sources if urlsplit(s).netloc]
        if elsewhere:
            found[str(page.relative_to(site_path))] = elsewhere
    return found


def requests_elsewhere(page: Page, base: str, paths: list[str]) -> list[str]:
    """What the browser asks of hosts other than the site's while it shows these pages, answered
    with a pixel (nothing leaves the machine)."""
    asked = []
    page.route(
        lambda url: urlsplit(url).netloc != urlsplit(base).netloc,
        lambda route: (
            asked.append(route.request.url),
            route.fulfill(body=PIXEL, content_type="image/png"),
        ),
    )
    for path in paths:
        page.goto(base + path)
        page.mouse.wheel(0, 5000)  # lazy images load once near the viewport
        page.wait_for_load_state("networkidle")
    return asked


@pytest.mark.browser
def test_the_default_site_asks_no_other_host_for_anything(page: Page, site):
    base, collection, _ = site
    ids = [p.id for p in collection.papers.values()]
    pages = ["", "orgs/example-lab/", "authors/ada-lovelace/", "timeline/", "graph/"]
    assert requests_elsewhere(page, base, pages + [f"papers/{i}/" for i in ids]) == []
    assert page.locator("img").count() == 0


def test_the_default_site_has_no_image_from_another_host(site):
    _, _, config = site
    assert (config.site_path / "orgs" / "example-lab" / "index.html").exists()
    assert images_elsewhere(config.site_path) == {}


@pytest.mark.browser
def test_asked_for_remote_images_the_paper_and_organization_pages_show_them(
    page: Page, with_images
):
    base, collection, config = with_images
    ids = {p.title: p.id for p in collection.papers.values()}
    # Only the two https images, each on its own page: the thumbnail escaped, the http one dropped.
    assert images_elsewhere(config.site_path) == {
        f"papers/{ids['Graph Retrieval One']}/index.html": [f"{IMAGES}/one.png?a=1&amp;b=%3C2%3E"],
        "orgs/example-lab/index.html": [f"{IMAGES}/lab.png"],
        "orgs/example-lab/top/index.html": [f"{IMAGES}/lab.png"],  # the same page, by upvotes
    }
    asked = requests_elsewhere(page, base, [f"papers/{ids['Graph Retrieval One']}/"])
    assert asked == [f"{IMAGES}/one.png?a=1&b=%3C2%3E"]
    thumb = page.locator("img.sg-thumb")
    assert thumb.get_attribute("alt") == "The paper's thumbnail: Graph Retrieval One"
    assert thumb.get_attribute("loading") == "lazy"
    assert thumb.evaluate("img => img.complete && img.naturalWidth") == 1
    assert requests_elsewhere(page, base, [f"papers/{ids['Graph Retrieval Two']}/"]) == []
    assert requests_elsewhere(page, base, ["orgs/example-lab/"]) == [f"{IMAGES}/lab.png"]
    avatar = page.locator("img.sg-avatar")
    assert avatar.get_attribute("alt") == "Example <b>Lab</b>'s avatar"
    assert avatar.get_attribute("loading") == "lazy"


def test_a_name_is_text_in_its_pages_title_and_header(site):
    """An organization's or author's name is data: its markup is shown, never made (front matter
    titles reach Material's <title> and header as they are)."""
    _, _, config = site
    for path in ("orgs/example-lab/index.html", "orgs/example-lab/top/index.html"):
        html = (config.site_path / path).read_text(encoding="utf-8")
        assert "<b>Lab</b>" not in html
        assert "<title>Example &lt;b&gt;Lab&lt;/b&gt;" in html
