"""The project's exception types: raised where a problem is found, reported once at the CLI or API edge."""

from __future__ import annotations


class SitegenError(Exception):
    """Base of every error sitegen reports to its user."""


class ConfigError(SitegenError):
    """The site config (sitegen.yml) is missing a value or has one of the wrong kind."""


class SourceError(SitegenError):
    """A source file, or one record in it, cannot be read.

    `where` names the file and, when known, the line or record ("papers.yaml:12",
    "day.json record 3") so the user can go straight to the problem.
    """

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class BuildError(SitegenError):
    """The MkDocs build or the index build failed; the previous site and index are kept."""


class SourcesRefused(BuildError):
    """The sources' problems stop the build (--strict, or no paper could be read); `problems` says which."""

    def __init__(self, message: str, problems: list):
        super().__init__(message)
        self.problems = problems
