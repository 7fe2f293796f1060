"""A saved paper's metadata as arXiv has it: the page the extension read it from may have cut,
reworded or left out some of it, and arXiv's API is the record of the paper itself.

The API (sitegen.yml's `arxiv_api_url`, as for `sitegen pull arxiv`) is asked once, with
`sitegen pull`'s HTTP client, and read with the arXiv Atom reader the build uses. Saving never
waits on it for more than ARXIV_WAIT seconds, and never fails because of it: no network, a
timeout, an error answer, a paper arXiv does not have or a feed that does not read are all met
with the page's own metadata.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import anyio
import httpx

from sitegen.model import Paper, Problem
from sitegen.pull.arxiv import api_error
from sitegen.pull.http import HttpClient, PullError, RetryPolicy
from sitegen.serve.inbox import LIMITS, MAX_AUTHORS, InboxError, inbox_record
from sitegen.sources.arxiv_atom import READER

log = logging.getLogger(__name__)

# The user is looking at the panel meanwhile: several times what arXiv usually takes for one id.
ARXIV_WAIT = 5.0


class NotFromArxiv(Exception):
    """arXiv's answer holds no usable record of the paper."""


def _read(response: httpx.Response) -> list[Paper | Problem]:
    return list(READER.read(Path(str(response.url)), response.text))


def fetch_paper(api_url: str, arxiv_id: str) -> Paper:
    """The paper as the arXiv API gives it, or PullError / NotFromArxiv saying why not."""
    # One attempt: a retry would only make the user wait, and the page's metadata is at hand.
    with HttpClient(RetryPolicy(attempts=1, timeout=ARXIV_WAIT)) as client:
        read = client.get(api_url, {"id_list": arxiv_id, "max_results": 1}, _read, api_error)
    for item in read:
        if isinstance(item, Paper) and item.arxiv_id == arxiv_id:
            return item
    problems = [item.message for item in read if isinstance(item, Problem)]
    raise NotFromArxiv(problems[0] if problems else "no entry for this id")


def with_arxiv_metadata(record: dict, paper: Paper) -> dict:
    """The page's record with arXiv's title, abstract, authors and date; the user's tags and note
    kept. Cut to the inbox's bounds as the extension cuts a page's text, then checked as any
    record sent to the inbox is."""
    authors = [name[: LIMITS["author"]] for name in paper.authors[:MAX_AUTHORS]]
    return inbox_record(
        {
            **record,
            "title": paper.title[: LIMITS["title"]],
            "abstract": paper.abstract[: LIMITS["abstract"]] or record.get("abstract", ""),
            "authors": authors or record.get("authors", []),
            "date": paper.date or record.get("date", ""),
        }
    )


async def from_arxiv(api_url: str, record: dict) -> dict | None:
    """`record` with arXiv's metadata, or None (and why, in the log) when arXiv gives none in time.

    The request runs in a worker thread, so the server goes on answering meanwhile; past
    ARXIV_WAIT the thread is left to end on its own client timeout.
    """
    arxiv_id = record["arxiv_id"]
    fetch = partial(fetch_paper, api_url, arxiv_id)
    with anyio.move_on_after(ARXIV_WAIT):
        try:
            paper = await anyio.to_thread.run_sync(fetch, abandon_on_cancel=True)
            return with_arxiv_metadata(record, paper)
        except (PullError, httpx.HTTPError, NotFromArxiv, InboxError) as exc:
            log.warning("arXiv's metadata of %s not used, the page's instead: %s", arxiv_id, exc)
            return None
    log.warning(
        "arXiv did not answer for %s within %.0f s: the page's metadata is used",
        arxiv_id,
        ARXIV_WAIT,
    )
    return None
