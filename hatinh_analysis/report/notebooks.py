"""Finding the report notebooks and what they declare: title, description, parameters."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from hatinh_analysis.report.params import Parameter, ParameterError, notebook_parameters, suggest

__all__ = ["NotebookInfo", "default_notebooks_dir", "list_notebooks", "resolve_notebook"]


def default_notebooks_dir() -> Path:
    """``$HATINH_NOTEBOOKS_DIR``, else ``notebooks/`` of the source checkout, else ``./notebooks``."""
    env = os.environ.get("HATINH_NOTEBOOKS_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2] / "notebooks"
    return here if here.is_dir() else Path.cwd() / "notebooks"


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links
    return " ".join(re.sub(r"[*_`]+", "", text).split())


def first_heading(cells, default: str) -> str:
    """The first markdown heading of *cells* as plain text (*default* if none)."""
    for m in (re.search(r"^\s*#+\s+(.*)$", "".join(c["source"]), re.M) for c in cells if c.get("cell_type") == "markdown"):
        if m:
            return _plain(m.group(1))
    return default


@dataclass(frozen=True)
class NotebookInfo:
    """A report notebook on disk (``path``); its stem names it on the command line and in reports."""

    path: Path

    @property
    def stem(self) -> str:
        return self.path.stem

    @cached_property
    def content(self) -> dict:
        """The notebook's JSON, sources joined (papermill validates the notebook when it runs it)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            for cell in data["cells"]:
                if isinstance(cell.get("source"), list):
                    cell["source"] = "".join(cell["source"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ParameterError(f"cannot read the notebook {str(self.path)!r}: {exc}", "NOTEBOOK") from None
        return data

    @property
    def cells(self) -> list[dict]:
        return self.content["cells"]

    @cached_property
    def title(self) -> str:
        """The first markdown heading (or the stem)."""
        return first_heading(self.cells, self.stem)

    @cached_property
    def description(self) -> str:
        """``metadata.hatinh.description``, or the first sentence after the title."""
        given = ((self.content.get("metadata") or {}).get("hatinh") or {}).get("description")
        if given:
            return str(given)
        for cell in self.cells:
            if cell.get("cell_type") == "markdown":
                paragraphs = [p for p in re.split(r"\n\s*\n", cell["source"]) if p.strip()
                              and not p.lstrip().startswith("#")]
                if paragraphs:
                    text = _plain(paragraphs[0])
                    m = re.match(r"(.+?[.?!])(\s|$)", text)
                    return m.group(1) if m else text
        return ""

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        """Declared parameters, by name (see :func:`~hatinh_analysis.report.params.notebook_parameters`)."""
        cell = next((c for c in self.cells if c.get("cell_type") == "code"
                     and "parameters" in (c.get("metadata") or {}).get("tags", [])), None)
        return {} if cell is None else notebook_parameters(self.path, cell["source"])

    def defaults(self) -> dict:
        """The default value of every parameter."""
        return {name: p.default for name, p in self.parameters.items()}


def list_notebooks(folder: str | os.PathLike | None = None) -> list[NotebookInfo]:
    """All ``*.ipynb`` in *folder* (default :func:`default_notebooks_dir`), sorted by name."""
    folder = Path(folder) if folder is not None else default_notebooks_dir()
    if not folder.is_dir():
        return []
    return [NotebookInfo(p.resolve()) for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith(".")]


def resolve_notebook(name: str, folder: str | os.PathLike | None = None) -> NotebookInfo:
    """A notebook given as a stem (``02_target_check``), a file name or a path.

    Raises
    ------
    ParameterError
        Named ``NOTEBOOK``, with the closest known name and the list of notebooks.
    """
    folder = Path(folder) if folder is not None else default_notebooks_dir()
    for c in (Path(name), Path(f"{name}.ipynb"), folder / name, folder / f"{name}.ipynb"):
        if c.is_file() and c.suffix == ".ipynb":
            return NotebookInfo(c.resolve())
    known = [nb.stem for nb in list_notebooks(folder)]
    raise ParameterError(f"no notebook {name!r}{suggest(Path(name).stem, known)}; notebooks: "
                         f"{', '.join(known) if known else f'none in {folder}'}", "NOTEBOOK")
