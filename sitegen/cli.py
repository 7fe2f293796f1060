"""Thin click commands over the library: each one calls a stage and reports its errors once."""

from __future__ import annotations

import errno
import sys
from datetime import UTC
from functools import partial
from pathlib import Path

import click
from tqdm import tqdm

from sitegen.config import load_config
from sitegen.errors import BuildError, SitegenError, SourcesRefused
from sitegen.pipeline import BuildReport, load_collection
from sitegen.pipeline import build as build_pipeline
from sitegen.sources import READERS
from sitegen.stages import StageLog
from sitegen.state.paths import StatePaths

FORMAT = click.Choice(sorted(READERS))


@click.group()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Site config (default: ./sitegen.yml if present).",
)
@click.version_option(package_name="sitegen")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """Turn research-paper sources into a tagged, cross-linked, searchable site."""
    ctx.obj = {"config_path": config_path}


def config_from(ctx: click.Context):
    return load_config(ctx.obj["config_path"])


def print_problems(report: BuildReport | SourcesRefused) -> None:
    for problem in report.problems:
        click.echo(str(problem), err=True)


@cli.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--format", "fmt", type=FORMAT, help="Read every source as this format instead of detecting it."
)
@click.pass_context
def validate(ctx: click.Context, sources: tuple[str, ...], fmt: str | None) -> None:
    """Report every problem in SOURCES without building; exit 1 if there are errors."""
    report = load_collection(config_from(ctx), list(sources), fmt)
    print_problems(report)
    for line in report.collection.merges:  # every merge, so that a wrong one can be found and fixed
        click.echo(f"note: {line}", err=True)
    click.echo(
        f"{len(report.files)} file(s), {report.papers_read} paper(s) read, {len(report.errors)} error(s)"
    )
    sys.exit(1 if report.errors else 0)


SHOWN_MERGES = 3  # examples in a build's summary


def print_summary(report: BuildReport) -> None:
    collection = report.collection
    papers = collection.papers.values()
    related = sum(len(p.related) for p in papers)
    mentions = sum(len(p.mentions) for p in papers)
    lines = [
        f"files read:     {len(report.files)}",
        f"papers read:    {report.papers_read}",
        f"papers merged:  {report.papers_read - len(collection.papers)} record(s) were another record of the same "
        f"paper (same arXiv id or title) and were folded into it, in {len(collection.merges)} paper(s)",
        *[f"                {line}" for line in collection.merges[:SHOWN_MERGES]],
        *(
            [f"                ... `sitegen validate` lists all {len(collection.merges)}"]
            if len(collection.merges) > SHOWN_MERGES
            else []
        ),
        f"papers skipped: {len(report.errors)}"
        + (" (the errors above say why)" if report.errors else ""),
        f"papers in site: {len(collection.papers)}",
        f"tags:           {len(collection.tags)}",
        f"links:          {related} related, {mentions} mentions",
    ]
    click.echo("\n".join(lines))


@cli.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--format", "fmt", type=FORMAT, help="Read every source as this format instead of detecting it."
)
@click.option("--strict", is_flag=True, help="Build nothing and exit 1 if any source has an error.")
@click.option(
    "--full",
    is_flag=True,
    help="Render every page and index every paper: reuse nothing from the last build.",
)
@click.pass_context
def build(
    ctx: click.Context, sources: tuple[str, ...], fmt: str | None, strict: bool, full: bool
) -> None:
    """Build the site from SOURCES (default: the config's sources, else the bundled sample)."""
    config = config_from(ctx)
    # tqdm hides itself when stderr is not a terminal (CI logs stay clean); the stage lines do not.
    try:
        report = build_pipeline(
            config,
            list(sources),
            fmt,
            strict,
            progress=partial(tqdm, disable=None, leave=False),
            full=full,
            log=StageLog(partial(click.echo, err=True)),
        )
    except SourcesRefused as refused:
        print_problems(refused)  # what stopped the build, before the one line that says it stopped
        raise
    except (
        OSError
    ) as exc:  # a full disk, a folder that cannot be written: stopped before going live
        raise BuildError(
            f"{os_problem(exc)}; the last site and index are kept as they were"
        ) from exc
    print_problems(report)
    for warning in report.mkdocs_warnings:
        click.echo(f"warning: mkdocs: {warning}", err=True)
    print_summary(report)
    click.echo(f"pages written:  {report.pages_written} changed, {report.pages_removed} removed")
    click.echo(
        f"HTML pages:     {report.pages_reused} unchanged, taken from the last build; "
        f"{report.pages_patched} with only new lists, made from the last build's"
    )
    added = report.search_added
    search = (
        "whole index made"
        if added is None
        else f"{added} page{'' if added == 1 else 's'} added beside the last index"
    )
    click.echo(f"site search:    {search}")
    click.echo(f"site:           {config.site_path} ({report.seconds:.1f} s)")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the built site at / and the search API at /api/v1/ (picks up rebuilds without a restart)."""
    import uvicorn

    from sitegen.serve.app import create_app
    from sitegen.serve.pairing import pairing_token

    config = config_from(ctx)
    if not (config.site_path / "index.html").is_file():
        raise click.ClickException(
            f"no built site in {config.site_path}; run `sitegen build` first"
        )
    app = create_app(config, listening_on=host, config_file=ctx.obj["config_path"])
    click.echo(f"serving {config.site_path} at http://{host}:{port}/ (API at /api/v1/)")
    click.echo(f"extension pairing token: {pairing_token(config)} (also `sitegen token`)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.option("--new", is_flag=True, help="Make a new token; the extension must be paired again.")
@click.pass_context
def token(ctx: click.Context, new: bool) -> None:
    """Print the token that pairs the browser extension with `sitegen serve` (to save papers)."""
    from sitegen.serve.pairing import pairing_token

    click.echo(pairing_token(config_from(ctx), new=new))


@cli.command()
@click.argument("query")
@click.option("--tag", help="Only papers with this tag (slug or name).")
@click.option(
    "--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="How many results."
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date", "upvotes"]),
    default="relevance",
    show_default=True,
    help="Best match, newest or most upvoted first.",
)
@click.option("--has-code", is_flag=True, help="Only papers with a code repository.")
@click.pass_context
def search(
    ctx: click.Context, query: str, tag: str | None, limit: int, sort: str, has_code: bool
) -> None:
    """Search the built index and print ranked results: title, tags and page path."""
    from sitegen.search import SearchIndex

    config = config_from(ctx)
    index = SearchIndex(StatePaths(config.state_path).index, cache_size=0, site=config.site_path)
    answer = index.search(query, tag=tag, limit=limit, sort=sort, has_code=has_code)
    if answer["corrected"]:
        click.echo(f"no good match for {query!r}; showing results for {answer['suggestion']!r}")
    for rank, hit in enumerate(answer["hits"], 1):
        tags = ", ".join(t["name"] for t in hit["tags"])
        click.echo(f"{rank:>3}. {hit['title']}")
        click.echo(f"     {hit['url']}" + (f"  [{tags}]" if tags else ""))
    click.echo(f"{answer['total']} paper(s) match")


@cli.group()
def pull() -> None:
    """Fetch new papers into the sources folder (sitegen.yml's sources_dir)."""


@pull.command("hf")
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day to pull, YYYY-MM-DD (default: today, UTC).",
)
@click.pass_context
def pull_hf_command(ctx: click.Context, day) -> None:
    """Pull one day of the Hugging Face daily papers API into sources/hf-YYYY-MM-DD.json."""
    from datetime import datetime

    from sitegen.pull import pull_hf

    report = pull_hf(config_from(ctx), day.date() if day else datetime.now(UTC).date())
    click.echo(report.summary())


@pull.command("arxiv")
@click.option(
    "--query", required=True, help='An arXiv API search_query, e.g. "cat:cs.CL AND ti:reasoning".'
)
@click.option(
    "--max",
    "max_results",
    default=100,
    show_default=True,
    type=click.IntRange(1, 30000),
    help="How many results at most.",
)
@click.option(
    "--delay",
    default=3.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds between requests (arXiv asks for 3).",
)
@click.pass_context
def pull_arxiv_command(ctx: click.Context, query: str, max_results: int, delay: float) -> None:
    """Pull the results of an arXiv API query into sources/arxiv-<query>.xml."""
    from sitegen.pull import pull_arxiv

    report = pull_arxiv(config_from(ctx), query, max_results, delay=delay)
    click.echo(report.summary())


@cli.command("export")
@click.argument("sources", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["bibtex", "json", "csv"]),
    default="bibtex",
    show_default=True,
    help="Output format.",
)
@click.option("--tag", help="Only the papers of this tag (slug or name).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.pass_context
def export_command(
    ctx: click.Context, sources: tuple[str, ...], fmt: str, tag: str | None, output: Path | None
) -> None:
    """Export the collection (SOURCES, else the config's) or one tag as BibTeX, JSON or CSV."""
    from sitegen.export import export

    report = load_collection(config_from(ctx), list(sources))
    print_problems(report)
    text = export(report.collection, fmt, tag)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="Research papers", show_default=True, help="The site's name.")
@click.option(
    "--requirement",
    help="Where CI installs sitegen from, written to requirements.txt (default: this version).",
)
def new_command(directory: Path, name: str, requirement: str | None) -> None:
    """Create a new collection in DIRECTORY that builds as it is (`cd DIRECTORY && sitegen build`)."""
    from sitegen.new import create_collection

    written = create_collection(directory, name, requirement)
    click.echo(f"created {directory} ({len(written)} files); next: cd {directory} && sitegen build")


def main() -> None:
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except SitegenError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: {os_problem(exc)}", err=True)
        sys.exit(1)


def os_problem(exc: OSError) -> str:
    """An OSError in words, with the file it was about."""
    what = (
        "no space left on the device"
        if exc.errno == errno.ENOSPC
        else (exc.strerror or str(exc)).lower()
    )
    where = exc.filename2 or exc.filename
    return f"{what}: {where}" if where else what
