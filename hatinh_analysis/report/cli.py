"""``hatinh-report``: list the report notebooks, show their parameters, run dated reports.

Exit status: 0 success; 1 a notebook failed (its report is still written and
marked failed); 2 bad command line or parameters (nothing is written);
130 interrupted (nothing is published).
"""
from __future__ import annotations

import contextlib
import shutil
import sys
import textwrap

import click

from hatinh_analysis.report.params import ParameterError

EXIT_FAILED = 1
EXIT_USAGE = 2


def _fail_usage(ctx: click.Context, err: Exception) -> None:
    click.echo(f"Error: {err}", err=True)
    name = getattr(err, "name", None)
    if name and name not in ("NOTEBOOK", "-f", "GRID_FILE"):
        click.echo("See the parameters and their types with: hatinh-report params NOTEBOOK", err=True)
    ctx.exit(EXIT_USAGE)


def _exit_now(code) -> None:
    """End the process without Python's module teardown (after the atexit handlers).

    Tearing down pandas, nbconvert, papermill … costs ~0.25 s of pure CPU at the
    end of every command; everything the command writes is closed by then.
    """
    import atexit
    import os

    if code is None:
        code = 0
    elif not isinstance(code, int):
        click.echo(str(code), err=True)
        code = 1
    try:
        atexit._run_exitfuncs()  # multiprocessing's finalizers, logging …
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


class _Group(click.Group):
    """The command group; run as the ``hatinh-report`` program it skips Python's teardown."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if args is not None or not standalone_mode:  # called from Python (tests, CliRunner …)
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            super().main(args, prog_name, complete_var, standalone_mode, **extra)
        except SystemExit as exc:
            _exit_now(exc.code)
        _exit_now(0)


def _finish(ctx: click.Context, result, lines, failure_message: str, width=None) -> None:
    """Print the per-notebook outcome and where things went; exit 1 if anything failed."""
    if width is None:
        _print_results(result.results)
    else:
        _print_results(result.results, width=width)
    for line in lines:
        click.echo(line)
    if not result.ok:
        click.echo(failure_message, err=True)
        ctx.exit(EXIT_FAILED)


def _plan_on_warm_pool(ctx: click.Context, n_workers: int, isolated: bool, plan, run):
    """Start the warm kernels, check the parameters meanwhile, then run; close the pool.

    The kernels boot and import pandas, statsmodels … while ``plan()`` checks every
    parameter; a bad one exits with status 2 before any notebook runs (and nothing
    is written). ``run(planned, pool)`` does the work and its result is returned.
    """
    from hatinh_analysis.report.workers import start_pool, trace

    trace("cli-start-pool")
    with _interruptible(ctx):
        pool = start_pool(n_workers, isolated=isolated)
        try:
            try:
                planned = plan()
            except (ParameterError, ValueError) as err:
                _fail_usage(ctx, err)  # exits with EXIT_USAGE
            trace("cli-planned")
            return run(planned, pool)
        finally:
            pool.close()
            trace("cli-closed")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    from hatinh_analysis.report.workers import speed_up_imports

    speed_up_imports()
    ctx.obj = {"notebooks_dir": notebooks_dir}


@main.command("list")
@click.pass_context
def list_cmd(ctx: click.Context) -> None:
    """List the report notebooks with a one-line description."""
    from hatinh_analysis.report.catalog import default_notebooks_dir, list_notebooks

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
    """Show the parameters of NOTEBOOK: type, default and help text.

    NOTEBOOK is a stem (02_target_check), a file name or a path.
    """
    from hatinh_analysis.report.catalog import resolve_notebook

    try:
        info = resolve_notebook(notebook, ctx.obj["notebooks_dir"])
        params = info.parameters
    except ParameterError as err:
        _fail_usage(ctx, err)
        return
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
    click.echo("\nValues: lists as 2017,2018 (empty text: []); none for None; true/false; "
               "numbers with a dot.")


@contextlib.contextmanager
def _interruptible(ctx: click.Context):
    """Ctrl-C: say that nothing was published and exit with status 130."""
    try:
        yield
    except KeyboardInterrupt:
        import logging

        logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # tasks of the abandoned kernel client
        click.echo("Interrupted: nothing was published; earlier reports are unchanged.", err=True)
        ctx.exit(130)


_JOBS_HELP = "Workers, each with its own warm kernel (default: one per notebook, at most one per core)."
_ISOLATED_HELP = ("A fresh kernel for every notebook instead of reusing a worker's kernel "
                  "(slower; the isolation rules are in docs/CONTRACTS.md).")


def _print_results(results, *, width: int = 20) -> None:
    for r in results:
        mark = {"ok": "ok", "warning": "warning", "failed": "FAILED"}.get(r.status, r.status)
        line = f"  {r.name:<{width}} {mark:<8} {r.seconds:6.1f}s"
        if r.status == "failed" and r.error:
            line += f"  {r.error.get('ename')}: {str(r.error.get('evalue'))[:120]}"
        elif r.verdict:
            line += f"  {r.verdict}"
        click.echo(line)


@main.command("run")
@click.argument("notebooks", nargs=-1)
@click.option("-p", "--parameter", "cli_params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Set a parameter (repeatable); parsed by the parameter's declared type.")
@click.option("-f", "--params-file", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="YAML file of parameters (name: value; or a section per notebook stem).")
@click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="Reports folder; the run goes to OUT/DATE (OUT/DATE-2 … if it exists).")
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD", help="Report date (default: today).")
@click.option("--with-code", is_flag=True, help="Keep the code in the HTML (hidden by default).")
@click.option("--jobs", "-j", "n_jobs", default=None, type=click.IntRange(min=1), help=_JOBS_HELP)
@click.option("--isolated", is_flag=True, help=_ISOLATED_HELP)
@click.option("--force", is_flag=True, help="Replace OUT/DATE instead of writing OUT/DATE-2 ….")
@click.option("--timeout", type=click.FloatRange(min=1), default=None,
              help="Per-cell time limit in seconds (default: none).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.pass_context
def run_cmd(ctx, notebooks, cli_params, params_file, out, date, with_code, n_jobs, isolated, force, timeout,
            no_progress):
    """Run NOTEBOOKS (default: all) and write a dated report.

    Writes OUT/DATE/<stem>.ipynb, <stem>.html (self-contained, code hidden) and
    <stem>.json (parameters, result, versions, data fingerprint, timings), then
    refreshes OUT/index.html. Parameters are checked before any notebook starts;
    a bad one stops the run with status 2 and nothing written.
    """
    from hatinh_analysis.report.folders import validate_date
    from hatinh_analysis.report.pipeline import plan_run, resolve_notebooks
    from hatinh_analysis.report.workers import default_workers

    try:
        date = validate_date(date)
        infos = resolve_notebooks(notebooks, ctx.obj["notebooks_dir"])
    except (ParameterError, ValueError) as err:
        _fail_usage(ctx, err)
        return
    def plan():
        return plan_run(infos, cli_params, params_file, notebooks_dir=ctx.obj["notebooks_dir"])

    def run(jobs, pool):
        from hatinh_analysis.report.pipeline import run_report

        return run_report(jobs, out, date=date, force=force, with_code=with_code, pool=pool,
                          progress=not no_progress, timeout=timeout)

    result = _plan_on_warm_pool(ctx, min(n_jobs or default_workers(len(infos)), len(infos)),
                                isolated, plan, run)
    _finish(ctx, result, [f"Report: {result.folder}", f"Index:  {result.index}"],
            "At least one notebook failed; its report is saved and marked failed.")


@main.command("batch")
@click.argument("grid_file", metavar="GRID.yaml", type=click.Path(dir_okay=False, path_type=str))
@click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="Reports folder; the batch goes to OUT/DATE (OUT/DATE-2 … if it exists).")
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD", help="Report date (default: today).")
@click.option("--with-code", is_flag=True, help="Keep the code in the HTML (hidden by default).")
@click.option("--jobs", "-j", "n_jobs", default=None, type=click.IntRange(min=1),
              help="Workers, each with its own warm kernel (default: one per core, at most one per set).")
@click.option("--isolated", is_flag=True, help=_ISOLATED_HELP)
@click.option("--force", is_flag=True, help="Replace OUT/DATE instead of writing OUT/DATE-2 ….")
@click.option("--timeout", type=click.FloatRange(min=1), default=None,
              help="Per-cell time limit in seconds (default: none).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.pass_context
def batch_cmd(ctx, grid_file, out, date, with_code, n_jobs, isolated, force, timeout, no_progress):
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
    OUT/index.html. Every set is checked before any notebook starts: a bad one
    stops the batch with status 2 and nothing written. A failing set does not
    stop the others; it is marked failed and the exit status is 1.
    """
    from hatinh_analysis.report.batch import expand_sets, load_batch_file, plan_batch
    from hatinh_analysis.report.catalog import resolve_notebook
    from hatinh_analysis.report.folders import validate_date
    from hatinh_analysis.report.workers import default_workers

    try:
        date = validate_date(date)
        spec = load_batch_file(grid_file)
        resolve_notebook(spec["notebook"], ctx.obj["notebooks_dir"])
    except (ParameterError, ValueError) as err:
        _fail_usage(ctx, err)
        return
    n_sets = len(expand_sets(spec))
    def plan():
        return plan_batch(grid_file, notebooks_dir=ctx.obj["notebooks_dir"])

    def run(batch_plan, pool):
        from hatinh_analysis.report.batch import run_batch

        return run_batch(batch_plan, out, date=date, force=force, with_code=with_code, pool=pool,
                         progress=not no_progress, timeout=timeout)

    result = _plan_on_warm_pool(ctx, min(n_jobs or default_workers(n_sets), n_sets), isolated,
                                plan, run)
    plan = result.plan
    _finish(ctx, result, [f"Batch:   {result.folder} ({plan.n_sets} sets, {result.n_failed} failed)",
                          f"Summary: {result.summary}", f"Index:   {result.index}"],
            "At least one set failed; its report is saved and marked failed in the summary.",
            width=max(len(r.name) for r in result.results))


@main.command("index")
@click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=str),
              help="Reports folder.")
def index_cmd(out: str) -> None:
    """Rebuild OUT/index.html from the dated folders."""
    from pathlib import Path

    from hatinh_analysis.report.index import write_index

    if not Path(out).is_dir():
        click.echo(f"Error: no reports folder {out!r}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(write_index(out))


if __name__ == "__main__":  # pragma: no cover
    main()
