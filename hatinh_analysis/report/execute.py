"""Running one notebook with papermill: in a fresh kernel, or in a warm one (:mod:`.kernels`)."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ExecutionOutcome", "execute_notebook", "KERNEL_NAME"]

#: The kernel every report notebook runs on (see the notebooks' kernelspec).
KERNEL_NAME = "python3"


@dataclass
class ExecutionOutcome:
    """What happened when a notebook ran.

    Attributes
    ----------
    ok : bool
        True when every cell ran without error.
    output_path : pathlib.Path
        The executed notebook (written in both cases; on failure it carries
        papermill's error banner).
    seconds : float
        Wall time of the execution, kernel start included.
    error : dict or None
        ``ename``, ``evalue``, ``cell`` (execution count) of the first error.
    """

    ok: bool
    output_path: Path
    seconds: float
    error: dict[str, Any] | None = field(default=None)


def _fix_metadata(output_path: Path, input_path: Path) -> None:
    """Record portable paths: the staging folder name must not leak into the saved notebook."""
    import nbformat

    nb = nbformat.read(output_path, as_version=4)
    pm = nb.metadata.setdefault("papermill", {})
    pm["input_path"] = input_path.name
    pm["output_path"] = output_path.name
    nbformat.write(nb, output_path)


def execute_notebook(
    input_path: str | os.PathLike,
    output_path: str | os.PathLike,
    parameters: dict[str, Any] | None = None,
    *,
    cwd: str | os.PathLike | None = None,
    kernel_name: str = KERNEL_NAME,
    timeout: float | None = None,
    kernel=None,
) -> ExecutionOutcome:
    """Execute *input_path* with papermill and save it to *output_path*.

    Parameters
    ----------
    input_path, output_path : path-like
        Source notebook and where to write the executed one.
    parameters : dict, optional
        Values injected after the ``parameters`` cell (already validated).
    cwd : path-like, optional
        Working directory of the kernel; default: the notebook's folder, as in
        JupyterLab.
    kernel_name : str
        Jupyter kernel to use.
    timeout : float, optional
        Per-cell timeout in seconds (``None``: no limit).
    kernel : hatinh_analysis.report.kernels.WarmKernel, optional
        Run in this already started kernel: it is reset first
        (:meth:`~hatinh_analysis.report.kernels.WarmKernel.prepare`, which also
        moves it to *cwd*) and left running afterwards. ``None``: papermill
        starts a fresh kernel and shuts it down.

    Returns
    -------
    ExecutionOutcome
        Never raises for an error *inside* the notebook; the outcome says so.
        After a failure (``ok`` false) a warm *kernel* must not be reused.
    """
    import logging

    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    # The parameters were checked (and typed) before any notebook ran: papermill's own guesses
    # from the parameters cell ("Unable to parse line …", "Passed unknown parameter …") are noise.
    logging.getLogger("papermill").setLevel(logging.ERROR)

    input_path, output_path = Path(input_path), Path(output_path)
    cwd = Path(cwd) if cwd is not None else input_path.resolve().parent
    start = time.perf_counter()
    error = None
    common = dict(parameters=dict(parameters or {}), progress_bar=False, log_output=False,
                  request_save_on_cell_execute=False)
    sockets = None
    try:
        if kernel is not None:
            kernel.prepare(cwd)  # the kernel moves to cwd; this process does not chdir
            kernel.run_notebook(str(input_path.resolve()), str(output_path.resolve()), cwd=None,
                                timeout=timeout, **common)
        else:
            # Talk to the kernel over local IPC sockets in a private temporary folder rather than
            # unencrypted localhost TCP (ipykernel warns about the latter on every start).
            sockets = tempfile.mkdtemp(prefix="hatinh-kernel-")
            config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}})
            papermill.execute_notebook(str(input_path), str(output_path), kernel_name=kernel_name,
                                       cwd=str(cwd), execution_timeout=timeout, config=config, **common)
    except PapermillExecutionError as exc:
        error = {"ename": exc.ename, "evalue": exc.evalue, "cell": exc.exec_count}
    except Exception as exc:  # kernel died, timeout, unreadable notebook …
        error = {"ename": type(exc).__name__, "evalue": str(exc), "cell": None}
    finally:
        if sockets is not None:
            shutil.rmtree(sockets, ignore_errors=True)
    seconds = time.perf_counter() - start
    if not output_path.exists():
        # papermill could not even save (e.g. the kernel did not start): keep a record anyway
        nb = nbformat.read(input_path, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(
            f"**This notebook could not be run:** `{error['ename']}: {error['evalue']}`"))
        nbformat.write(nb, output_path)
    else:
        _fix_metadata(output_path, input_path)
    return ExecutionOutcome(ok=error is None, output_path=output_path, seconds=seconds, error=error)
