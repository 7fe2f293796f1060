"""The site's search box, measured as a visitor uses it: Debian's Chromium types each known-item query
into the header search box of a built site and reads the results it shows.

    python -m bench.quality.search_box SITE_DIR [--live]

SITE_DIR is a site built from the real records (`sitegen build ../shared/data/hf-daily-papers-2024-2026.jsonl.gz`
in a scratch folder). Without --live the site is served as static files (as GitHub Pages serves it:
the box answers from search.json once it has loaded, from Pagefind until then or on a larger site);
with --live, by `sitegen serve` (the box asks the search API). Prints MRR@10 and recall@10 per
kind, and the bytes the box fetched for its first query (with what it fetches when first focused)
and later ones.
"""

from __future__ import annotations

import argparse
import gzip
import re
import threading
from collections import defaultdict
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.quality import search_eval

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAPER_URL = re.compile(r"/papers/([^/]+)/")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def static_site(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def live_site(folder: Path):
    import socket

    import uvicorn

    from sitegen.config import load_config
    from sitegen.serve.app import create_app

    config = load_config(root=folder.parent)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join()


def box_ranker(page) -> search_eval.Ranker:
    """Types a query into the header search box and returns the paper ids it shows, best first."""
    box, meta = (
        page.locator("input.md-search__input"),
        page.locator(".md-search-result__meta.sg-search"),
    )

    def rank(query: str) -> list[str]:
        box.fill("")
        placeholder = meta.text_content()
        box.fill(query)
        page.wait_for_function(
            "([el, before]) => el.textContent !== before", arg=[meta.element_handle(), placeholder]
        )
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list.sg-search a", "links => links.map(a => a.href)"
        )
        return [m.group(1) for href in hrefs[: search_eval.DEPTH] if (m := PAPER_URL.search(href))]

    return rank


def sent_bytes(request) -> int:
    """A response's body as a host that compresses sends it (GitHub Pages gzips text; Pagefind's
    files are compressed already): this test server sends every file as it is on disk."""
    response = request.response()
    body = response.body() if response else b""
    return min(len(body), len(gzip.compress(body, 6)))


def measure(site: Path, live: bool) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    from bench.quality.collection import by_arxiv, real_collection

    queries = search_eval.load_queries()
    arxiv_to_id = by_arxiv(real_collection())
    fetched: dict[str, int] = defaultdict(int)
    with (live_site if live else static_site)(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base)
        count = {"query": "first"}
        # Counted from the click on: what the box fetches when it is first focused is the first query's.
        page.on(
            "requestfinished",
            lambda request: fetched.__setitem__(
                count["query"], fetched[count["query"]] + sent_bytes(request)
            ),
        )
        page.locator("input.md-search__input").click()
        rank = box_ranker(page)

        def counted(query: str) -> list[str]:
            found = rank(query)
            count["query"] = "later"
            return found

        scores = search_eval.evaluate(counted, queries, arxiv_to_id)
        browser.close()
    later = fetched["later"] / max(len(queries) - 1, 1)
    return scores, {
        "first query bytes": fetched["first"],
        "later query bytes (mean)": round(later),
        "all queries bytes": fetched["first"] + fetched["later"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument(
        "--live",
        action="store_true",
        help="serve with `sitegen serve`'s app instead of static files",
    )
    args = parser.parse_args()
    scores, weight = measure(args.site.resolve(), args.live)
    kinds = [*search_eval.KINDS, "all"]
    print("| search box | " + " | ".join(kinds) + " |")
    print("|---" * (len(kinds) + 1) + "|")
    print(
        f"| {'live' if args.live else 'static'} | "
        + " | ".join(f"{scores[k]['mrr']:.2f} / {scores[k]['recall']:.2f}" for k in kinds)
        + " |"
    )
    print(weight)


if __name__ == "__main__":
    main()
