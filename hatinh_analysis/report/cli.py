"""``hatinh-report``: list the report notebooks, show their parameters, run dated reports and batches.

Exit status: 0 success; 1 a notebook failed (its report is still written and
marked failed) or the disk filled up (nothing published); 2 bad command line,
parameters or reports folder (nothing written, no kernel started);
130 interrupted (the message says whether the run was published).
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sys
import textwrap
import threading

import click

from hatinh_analysis.report.params import ParameterError

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _fail_usage(ctx: click.Context, err: Exception) -> None:
    click.echo(f"Error: {err}", err=True)
    if getattr(err, "name", None) not in (None, "NOTEBOOK", "-f", "GRID_FILE"):
        click.echo("See the parameters and their types with: hatinh-report params NOTEBOOK", err=True)
    ctx.exit(EXIT_USAGE)


@contextlib.contextmanager
def _outcomes(ctx: click.Context):
    """Turn the ways a run can stop into a message and an exit status."""
    from hatinh_analysis.report.folders import FolderNotWritable

    old_term = None
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a cancelled CI job) while parameters are checked ends the run like Ctrl-C
        old_term = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    except ParameterError as err:
        _fail_usage(ctx, err)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (pipeline.Interrupted)
        if getattr(exc, "published", None) is not None:
            click.echo(f"Interrupted after the report was published: {exc.published} is complete and "
                       "listed in the index.", err=True)
        else:
            click.echo("Interrupted: nothing was published; earlier reports are unchanged.", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except FolderNotWritable as exc:
        click.echo(f"Error: {exc.strerror or exc}. Nothing was written and no notebook ran.", err=True)
        ctx.exit(EXIT_USAGE)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise
        click.echo(f"Error: no space left on device ({exc.strerror or exc}). Nothing was published; "
                   "earlier reports and the index are unchanged.", err=True)
        ctx.exit(EXIT_FAILED)
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)


def _terminate(signum, frame):
    raise KeyboardInterrupt(signal.Signals(signum).name)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--notebooks-dir", type=click.Path(file_okay=False, path_type=str), envvar="HATINH_NOTEBOOKS_DIR",
              default=None, help="Folder of the report notebooks (default: the project's notebooks/).")
@click.version_option(package_name="hatinh_analysis", prog_name="hatinh-report")
@click.pass_context
def main(ctx: click.Context, notebooks_dir: str | None) -> None:
    """Dated, self-contained reports from the Hà Tĩnh analysis notebooks.

    \b
    hatinh-report list                              the notebooks
    hatinh-report params 02_target_check            their parameters
    hatinh-report run                               every notebook, default parameters
    hatinh-report run 02_target_check -p target_growth 12 -p exclude_years 2017,2018
    hatinh-report batch benchmarks/grid_target_growth_5_24.yaml   a grid of parameter sets
    """
    # jsonschema (via nbformat) imports rfc3987_syntax if present, which compiles a grammar for
    # IRI formats no notebook schema uses: 2.4 of the 3.4 s papermill took to import (measured)
    sys.modules.setdefault("rfc3987_syntax", None)
    ctx.obj = {"notebooks_dir": notebooks_dir}


@main.command("list")
@click.pass_context
def list_cmd(ctx: click.Context) -> None:
    """List the report notebooks with a one-line description."""
    from hatinh_analysis.report.notebooks import default_notebooks_dir, list_notebooks

    folder = ctx.obj["notebooks_dir"] or default_notebooks_dir()
    infos = list_notebooks(folder)
    if not infos:
        click.echo(f"No notebooks in {folder}", err=True)
        ctx.exit(EXIT_FAILED)
    width = max(len(i.stem) for i in infos)
    for info in infos:
        click.echo(f"{info.stem:<{width}}  {info.description or info.title}")


@main.command("params")
@click.argument("notebook")
@click.pass_context
def params_cmd(ctx: click.Context, notebook: str) -> None:
    """Show the parameters of NOTEBOOK (a stem, file name or path): type, default and help."""
    from hatinh_analysis.report.notebooks import resolve_notebook

    with _outcomes(ctx):
        info = resolve_notebook(notebook, ctx.obj["notebooks_dir"])
        params = info.parameters
    click.echo(f"{info.stem} — {info.title}")
    if info.description:
        click.echo(info.description)
    if not params:
        click.echo("\nThis notebook has no parameters.")
        return
    click.echo("\nParameters (set with -p NAME VALUE, or in a YAML file given with -f):\n")
    width = min(100, shutil.get_terminal_size((100, 20)).columns)
    for p in params.values():
        click.echo(f"  {p.name}: {p.type} = {p.default!r}")
        for line in textwrap.wrap(p.help or "(no description)", max(40, width - 6)):
            click.echo(f"      {line}")
    click.echo("\nValues: lists as 2017,2018 (empty text: []); none for None; true/false; numbers with a dot.")


def _print_results(results, width: int = 20) -> None:
    for r in results:
        line = f"  {r.name:<{width}} {'FAILED' if r.status == 'failed' else r.status:<8} {r.seconds:6.1f}s"
        if r.status == "failed" and r.error:
            line += f"  {r.error.get('ename')}: {str(r.error.get('evalue'))[:120]}"
        elif r.verdict:
            line += f"  {r.verdict}"
        click.echo(line)


def _common(f):
    """Options shared by ``run`` and ``batch``."""
    options = [
        click.option("--out", default="reports", show_default=True, type=click.Path(path_type=str),
                     help="Reports folder; the run goes to OUT/DATE (OUT/DATE-2 … if it exists)."),
        click.option("--date", "date", default=None, metavar="YYYY-MM-DD", help="Report date (default: today)."),
        click.option("--with-code", is_flag=True, help="Keep the code in the HTML (hidden by default)."),
        click.option("--jobs", "-j", "n_jobs", default=None, type=click.IntRange(min=1),
                     help="Notebooks run at once, each in its own kernel (default: one per core)."),
        click.option("--force", is_flag=True, help="Replace OUT/DATE instead of writing OUT/DATE-2 …."),
        click.option("--timeout", type=click.FloatRange(min=1), default=None,
                     help="Per-cell time limit in seconds (default: none)."),
        click.option("--no-progress", is_flag=True, help="No progress bar."),
        click.option("--lang", type=click.Choice(["vi", "en"]),
                     help="Language of the reports and pages (= -p lang; default en); vi goes to OUT/DATE-vi."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@main.command("run")
@click.argument("notebooks", nargs=-1)
@click.option("-p", "--parameter", "cli_params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Set a parameter (repeatable); parsed by the parameter's declared type.")
@click.option("-f", "--params-file", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="YAML file of parameters (name: value; or a section per notebook stem).")
@click.option("--xlsx", is_flag=True, help="Also write <stem>.xlsx beside each report: its tables (Excel).")
@click.option("--docx", is_flag=True, help="Also write <stem>.docx beside each report: a one-page brief (Word).")
@_common
@click.pass_context
def run_cmd(ctx, notebooks, cli_params, params_file, xlsx, docx, out, date, with_code, n_jobs, force, timeout,
            no_progress, lang):
    """Run NOTEBOOKS (default: all) and write a dated report.

    Writes OUT/DATE/<stem>.ipynb, .html (self-contained, code hidden) and .json (parameters, result,
    versions, data fingerprint, timings) — with --xlsx / --docx also the report's tables as Excel and a
    one-page Word brief, in the report's language — then refreshes OUT/index.html and index.vi.html. Parameters are checked
    before any kernel starts; a bad one stops the run with status 2 and nothing written.
    """
    from hatinh_analysis.report.folders import validate_date
    from hatinh_analysis.report.pipeline import plan_run, run_report

    with _outcomes(ctx):
        date = validate_date(date)
        cli_params = (*cli_params, ("lang", lang)) if lang else cli_params
        jobs = plan_run(notebooks, cli_params, params_file, notebooks_dir=ctx.obj["notebooks_dir"])
        from hatinh_analysis.i18n import say

        for job in jobs:
            for note in job.notes:  # in the report's language, as its header says it
                click.echo(f"{job.stem}: {say(note, job.parameters.get('lang') or 'en')}")
        hook = None
        if xlsx or docx:
            from hatinh_analysis.report.documents import documents_hook

            hook = documents_hook([k for k, on in (("xlsx", xlsx), ("docx", docx)) if on])
        result = run_report(jobs, out, date=date, force=force, with_code=with_code, n_jobs=n_jobs,
                            progress=not no_progress, timeout=timeout, before_publish=hook)
    _print_results(result.results)
    for line in ([result.note] if result.note else []) + [f"Report: {result.folder}", f"Index:  {result.index}"]:
        click.echo(line)
    if not result.ok:
        click.echo("At least one notebook failed; its report is saved and marked failed.", err=True)
        ctx.exit(EXIT_FAILED)


@main.command("batch")
@click.argument("grid_file", metavar="GRID.yaml", type=click.Path(dir_okay=False, path_type=str))
@click.option("--max-sets", type=click.IntRange(min=1), default=None,
              help="Run up to this many sets (default 500; a larger batch is refused before it starts).")
@_common
@click.pass_context
def batch_cmd(ctx, grid_file, max_sets, out, date, with_code, n_jobs, force, timeout, no_progress, lang):
    """Run one notebook for every parameter set of GRID.yaml, with a summary table.

    \b
    GRID.yaml:
      notebook: 02_target_check
      parameters: {province: ha_tinh, as_of: "2019-12-25"}   # common to all sets
      grid: {target_growth: [5, 6, 7]}                        # Cartesian product
      sets: [{indicator: iip}, {indicator: grdp_growth}]      # explicit sets
    (sets × grid points when both are given; see docs/CONTRACTS.md.)

    Writes OUT/DATE/<stem>-NNN__<values>.{ipynb,html,json} for every set, plus
    summary.csv, summary.html and batch.json, and lists the batch in
    OUT/index.html. Every set is checked before any kernel starts: a bad one
    stops the batch with status 2 and nothing written. A failing set does not
    stop the others; it is marked failed and the exit status is 1.
    """
    from hatinh_analysis.report.batch import plan_batch, run_batch
    from hatinh_analysis.report.folders import validate_date

    with _outcomes(ctx):
        date = validate_date(date)
        from hatinh_analysis.report.batch import MAX_SETS

        plan = plan_batch(grid_file, notebooks_dir=ctx.obj["notebooks_dir"], lang=lang,
                          max_sets=max_sets or MAX_SETS)
        result = run_batch(plan, out, date=date, force=force, with_code=with_code, n_jobs=n_jobs,
                           progress=not no_progress, timeout=timeout)
    _print_results(result.results, width=max(len(r.name) for r in result.results))
    for line in ([result.note] if result.note else []) + [
            f"Batch:   {result.folder} ({plan.n_sets} sets, {result.n_failed} failed)",
            f"Summary: {result.summary}", f"Index:   {result.index}"]:
        click.echo(line)
    if not result.ok:
        click.echo("At least one set failed; its report is saved and marked failed in the summary.", err=True)
        ctx.exit(EXIT_FAILED)


@main.command("index")
@click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="Reports folder.")
@click.pass_context
def index_cmd(ctx, out: str) -> None:
    """Rebuild OUT/index.html (English) and OUT/index.vi.html from the dated folders."""
    from hatinh_analysis.report.index import write_index

    with _outcomes(ctx):
        if not os.path.isdir(out):
            raise ParameterError(f"no reports folder {out!r}", "--out")
        click.echo(write_index(out))


if __name__ == "__main__":  # pragma: no cover
    main()
