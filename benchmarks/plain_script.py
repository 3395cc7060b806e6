"""The plain script a competent user would write instead of ``hatinh-report run`` (the benchmark's yardstick).

papermill's Python API runs each notebook, nbconvert's ``HTMLExporter(exclude_input=True)``
writes the HTML, and the notebooks run in 2 worker processes::

    python benchmarks/plain_script.py NOTEBOOKS_DIR OUT_DIR
"""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter


def render(notebook: Path, out: Path) -> str:
    executed = out / notebook.name
    papermill.execute_notebook(str(notebook), str(executed), kernel_name="python3", cwd=str(notebook.parent),
                               progress_bar=False)
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(executed, as_version=4))
    executed.with_suffix(".html").write_text(body, encoding="utf-8")
    return notebook.stem


if __name__ == "__main__":
    notebooks = sorted(Path(sys.argv[1]).glob("[0-9]*.ipynb"))
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(2) as pool:
        print(list(pool.map(render, notebooks, [out] * len(notebooks))))
