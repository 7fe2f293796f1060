"""arXiv ids: the one reading of an id, an "arXiv:" id, or an arXiv or Hugging Face paper URL.

extension/lib/arxiv_ids.js is the same rule for the browser; both are tested against the cases in
tests/fixtures/arxiv_ids.json, so a change here is made there too.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# New style (from April 2007): YYMM.NNNN, with five digits from January 2015 on.
# Old style (until March 2007): the archive, in some references a subject class, and YYMMNNN.
# ASCII only: Python's \d would also take other scripts' digits, which arXiv never uses.
_ID = re.compile(
    r"(?P<id>(?P<new>\d\d(?:0[1-9]|1[0-2])\.\d{4,5})"
    r"|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d\d(?:0[1-9]|1[0-2])\d{3})"
    r"(?:v[1-9]\d*)?",
    re.ASCII,
)
_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_URL = re.compile(r"https?://", re.IGNORECASE)
_PAPER_PATHS = {
    "arxiv.org": re.compile(r"/(?:abs|pdf|html)/(?P<id>.+?)(?:\.pdf)?/?"),
    "huggingface.co": re.compile(r"/papers/(?P<id>[^/]+)/?"),
}
_HOSTS = {
    "arxiv.org": "arxiv.org",
    "www.arxiv.org": "arxiv.org",
    "export.arxiv.org": "arxiv.org",
    "huggingface.co": "huggingface.co",
    "www.huggingface.co": "huggingface.co",
    "hf.co": "huggingface.co",
}


def parse(text: str) -> str | None:
    """The bare id (no version) of "2403.09629v2", "arXiv:hep-th/9901001" or a paper URL; else None."""
    text = text.strip()
    if _URL.match(text):
        return _id_in_url(text)
    return _bare(_PREFIX.sub("", text, count=1))


def first_year(text: str) -> str | None:
    """The year of the first version of the paper an id or URL names: 19YY for old ids from 1991 on."""
    arxiv_id = parse(text)
    if arxiv_id is None:
        return None
    yy = int(arxiv_id.rpartition("/")[2][:2])  # new ids start with YY, old ones' numbers do
    return f"{19 if yy >= 91 else 20}{yy:02d}"


def _bare(text: str) -> str | None:
    match = _ID.fullmatch(text)
    if not match or (match["new"] and not _new_style_fits(match["new"])):
        return None
    return match["id"]


def _new_style_fits(new_id: str) -> bool:
    """New ids began in 0704 and have 4 digits until 1412, 5 from 1501: a YAML float that lost
    its trailing zero ("2403.1") is not one."""
    yymm, number = new_id.split(".")
    return yymm >= "0704" and len(number) == (5 if yymm >= "1501" else 4)


def _id_in_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""  # lowercased
    except ValueError:  # "http://[::1" and the like
        return None
    site = _HOSTS.get(host)
    match = _PAPER_PATHS[site].fullmatch(unquote(parts.path)) if site else None
    return _bare(match["id"]) if match else None
