"""The graph page in Chromium: it draws every paper, shows titles as text on hover, and a click opens the paper."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from playwright.sync_api import Page, expect
from site_builder import build_hostile
from static_server import static_server

from sitegen.render.graph import graph_data

pytestmark = pytest.mark.browser

# Screen position of every node once the layout has settled (the page keeps its force-graph in window.sitegenGraph).
NODE_POSITIONS = """() => {
  const graph = window.sitegenGraph;
  return graph.graphData().nodes.map(n => ({id: n.id, title: n.title, ...graph.graph2ScreenCoords(n.x, n.y)}));
}"""


def open_graph(page: Page, url: str) -> None:
    page.goto(url + "graph/")
    page.wait_for_selector("#sg-graph[data-settled]", timeout=60_000)


def loneliest_node(page: Page) -> dict:
    """The node farthest from any other, inside the canvas: a click there can only hit it."""
    box = page.locator("#sg-graph canvas").first.bounding_box()
    nodes = [
        n
        for n in page.evaluate(NODE_POSITIONS)
        if 10 < n["x"] < box["width"] - 10 and 10 < n["y"] < box["height"] - 10
    ]

    def room(node):
        return min(
            (o["x"] - node["x"]) ** 2 + (o["y"] - node["y"]) ** 2 for o in nodes if o is not node
        )

    node = max(nodes, key=room)
    return {**node, "x": box["x"] + node["x"], "y": box["y"] + node["y"]}


def related_pairs(collection) -> set[frozenset]:
    return {
        frozenset((p.id, r.id))
        for p in collection.papers.values()
        for r in p.related
        if r.id in collection.papers and r.id != p.id
    }


def test_every_paper_is_drawn(page: Page, sample_build):
    config, report = sample_build
    with static_server(config.site_path) as url:
        open_graph(page, url)
        graph = page.locator("#sg-graph")
        expect(graph.locator("canvas").first).to_be_visible()
        assert int(graph.get_attribute("data-nodes")) == len(report.collection.papers)
        assert int(graph.get_attribute("data-links")) == len(related_pairs(report.collection))
        shown = {n["id"] for n in page.evaluate(NODE_POSITIONS)}
    assert shown == set(report.collection.papers)


def test_hover_shows_the_title_and_a_click_opens_the_paper(page: Page, sample_build):
    config, report = sample_build
    with static_server(config.site_path) as url:
        open_graph(page, url)
        node = loneliest_node(page)
        page.mouse.move(node["x"], node["y"])
        expect(page.locator(".sg-graph__tip")).to_have_text(node["title"])
        page.mouse.click(node["x"], node["y"])
        page.wait_for_url(f"{url}papers/{node['id']}/")
        expect(page.locator("article h1")).to_contain_text(
            report.collection.papers[node["id"]].title
        )


def test_a_hostile_title_is_shown_as_text(page: Page, tmp_path):
    config, report, hostile = build_hostile(tmp_path / "c")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with static_server(config.site_path) as url:
        open_graph(page, url)
        node = next(n for n in page.evaluate(NODE_POSITIONS) if n["id"] == hostile.id)
        box = page.locator("#sg-graph canvas").first.bounding_box()
        page.mouse.move(box["x"] + node["x"], box["y"] + node["y"])
        tip = page.locator(".sg-graph__tip")
        expect(tip).to_have_text(hostile.title)
        assert tip.evaluate("el => el.children.length") == 0
    assert dialogs == []


def test_the_graph_data_is_a_file_of_the_site(sample_build):
    config, report = sample_build
    data = json.loads((config.site_path / "graph.json").read_text(encoding="utf-8"))
    assert data == graph_data(report.collection)


@pytest.mark.slow
def test_ten_thousand_papers_time_to_first_frame(page: Page, sample_build, tmp_path):
    """The sample site with a 10,000-paper graph.json (5 random related papers each: a worst case for layout)."""
    from test_render_graph import seeded_collection

    config, _ = sample_build
    site = tmp_path / "site"
    shutil.copytree(config.site_path, site)
    (site / "graph.json").write_text(
        json.dumps(graph_data(seeded_collection(10_000))), encoding="utf-8"
    )
    with static_server(site) as url:
        started = time.perf_counter()
        page.goto(url + "graph/")
        page.wait_for_selector("#sg-graph[data-rendered]", timeout=120_000)
        first_frame = time.perf_counter() - started
        graph = page.locator("#sg-graph")
        assert graph.get_attribute("data-nodes") == "10000"
        page.wait_for_selector("#sg-graph[data-settled]", timeout=300_000)
        settled = time.perf_counter() - started
    print(
        f"10,000-paper graph: first frame {first_frame:.2f} s after navigation "
        f"(page clock {graph.get_attribute('data-first-frame-ms')} ms), layout settled after {settled:.2f} s"
    )
