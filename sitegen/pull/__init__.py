"""Pulling new papers from the Hugging Face daily papers API and the arXiv API into the sources folder."""

from sitegen.pull.arxiv import pull_arxiv
from sitegen.pull.hf import pull_hf
from sitegen.pull.http import PullError, RetryPolicy
from sitegen.pull.store import PullReport

__all__ = ["PullError", "PullReport", "RetryPolicy", "pull_arxiv", "pull_hf"]
