"""What a built site costs a visitor: HTML bytes per paper page, and bytes fetched for a first search result.

    python -m bench.site_weight --site bench/out/site10k/site --query "retrieval augmented"
    python -m bench.site_weight --site ... --extension      # also the extension's static search file

Page weight: every papers/*/index.html, and where the bytes of a typical page go (Material's chrome
vs the article). First result: a real Chromium (Debian's) opens the home page, types the query into
the header search box and waits for the first result; every response is counted, raw and gzipped
(what a server that compresses would send), the static search file apart (the box fetches it once
its first result is shown, for the later queries). Extension: api/v1/search.json's gzipped bytes per paper,
and the time extension/lib/static_search.js takes to load it and answer queries, in the same Chromium.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import re
import shutil
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Regions of a Material page, outermost first; what is left is whitespace and small wrappers.
REGIONS = {
    "head (meta, CSS links)": r"<head>.*?</head>",
    "header bar (logo, palette toggle, search form)": r'<header class="md-header.*?</header>',
    "tabs": r'<nav class="md-tabs.*?</nav>',
    "primary navigation (sidebar)": r'<div class="md-sidebar md-sidebar--primary.*?</nav>\s*</div>\s*</div>\s*</div>',
    "table of contents (sidebar)": r'<div class="md-sidebar md-sidebar--secondary.*?</nav>\s*</div>\s*</div>\s*</div>',
    "article": r"<article.*?</article>",
    "footer": r"<footer.*?</footer>",
    "scripts and __config": r"<script.*?</script>",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def page_weight(site: Path) -> None:
    pages = sorted(site.glob("papers/*/index.html"))
    sizes = [p.stat().st_size for p in pages]
    typical = pages[sizes.index(sorted(sizes)[len(sizes) // 2])]
    html = typical.read_text(encoding="utf-8")
    print(
        f"paper pages: {len(pages):,}; HTML bytes per page: median {statistics.median(sizes):,.0f}, "
        f"mean {statistics.fmean(sizes):,.0f}, max {max(sizes):,}; gzipped (typical page) {len(gzip.compress(html.encode())):,}"
    )
    print(f"where the bytes of a typical page go ({typical.parent.name}, {len(html):,} bytes):")
    for name, pattern in REGIONS.items():
        found = sum(len(m) for m in re.findall(pattern, html, re.S))
        print(f"  {name:<48} {found:>7,}  {100 * found / len(html):4.0f} %")
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print(f"whole site: {total / 1e6:,.0f} MB")


def gz(body: bytes) -> int:
    return min(len(body), len(gzip.compress(body, 6)))


STATIC_SEARCH_FILE = "api/v1/search.json"


def first_result_bytes(site: Path, query: str) -> None:
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        fetched: list[tuple[str, int, int]] = []

        def count(response) -> None:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - redirects and aborted loads have no body to count
                return
            fetched.append((response.url.removeprefix(url), len(body), gz(body)))

        page.on("response", count)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(1000)  # Material fetches its search index right after load
        loaded = len(fetched)
        page.locator("input.md-search__input").fill(query)
        page.locator(".md-search-result__item").first.wait_for(timeout=180_000)
        page.wait_for_timeout(1000)  # the search file, fetched once the first result is shown
        browser.close()
    # The box asks for the static search file only after drawing its first result (sitegen-search.js).
    after = [r for r in fetched[loaded:] if r[0] == STATIC_SEARCH_FILE]
    for title, part in (
        ("page load (home page)", fetched[:loaded]),
        (
            f"typing {query!r} until the first result",
            [r for r in fetched[loaded:] if r not in after],
        ),
        ("after the first result, for every later query", after),
    ):
        print(
            f"{title}: {len(part)} responses, {sum(r for _, r, _ in part):,} bytes raw, {sum(g for *_, g in part):,} gzipped"
        )
        for name, raw, packed in sorted(part, key=lambda r: -r[1])[:8]:
            print(f"    {raw:>11,} raw {packed:>10,} gz  {name}")
    search = [r for r in fetched if "search" in r[0] or "pagefind" in r[0]]
    print(
        f"search files in all: {sum(r for _, r, _ in search):,} bytes raw, {sum(g for *_, g in search):,} gzipped"
    )


EXTENSION_TIMING = """async () => {
  const module = await import("./static_search.js");
  const t0 = performance.now();
  const file = await (await fetch("search.json")).json();
  const t1 = performance.now();
  const index = module.buildIndex(file);
  const t2 = performance.now();
  const queries = ["diffusion", "retrieval augmented generation", "quantization survey", "agent benchmark",
                   "reinforcment learning", "video", "mixture of experts", "test-time compute", "LLM reasoning", "robot"];
  const times = [];
  for (const q of queries) {
    const started = performance.now();
    module.searchIndex(index, q);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {fetch: t1 - t0, build: t2 - t1, median: times[Math.floor(times.length / 2)], max: times[times.length - 1], papers: index.papers.length};
}"""


def extension_search(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    search_file = site / "api" / "v1" / "search.json"
    data = search_file.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(REPO / "extension" / "lib" / "static_search.js", folder)
        shutil.copy(search_file, folder)
        Path(folder, "index.html").write_text(
            "<!doctype html><title>bench</title>", encoding="utf-8"
        )
        with served(Path(folder)) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            timing = page.evaluate(EXTENSION_TIMING)
            browser.close()
    n = timing["papers"]
    print(
        f"extension search file: {len(data):,} bytes, {gz(data):,} gzipped for {n:,} papers = {gz(data) / n:.0f} B/paper gzipped"
    )
    print(
        f"  in Chromium: fetch+parse {timing['fetch']:.0f} ms, build index {timing['build']:.0f} ms, "
        f"query median {timing['median']:.1f} ms, slowest {timing['max']:.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site folder")
    parser.add_argument("--query", default="retrieval", help="what to type into the search box")
    parser.add_argument("--no-browser", action="store_true", help="page weight only")
    parser.add_argument(
        "--extension", action="store_true", help="also measure the extension's static search file"
    )
    args = parser.parse_args(argv)
    page_weight(args.site)
    if not args.no_browser:
        first_result_bytes(args.site, args.query)
    if args.extension:
        extension_search(args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
