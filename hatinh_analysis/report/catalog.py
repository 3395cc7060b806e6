"""Finding the report notebooks and reading what they declare (title, description, parameters)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from hatinh_analysis.report.params import Parameter, ParameterError, notebook_parameters, suggest

__all__ = ["NotebookInfo", "NotebookNotFound", "default_notebooks_dir", "list_notebooks", "resolve_notebook"]

#: Environment variable that overrides the notebooks folder.
NOTEBOOKS_ENV = "HATINH_NOTEBOOKS_DIR"


class NotebookNotFound(ParameterError):
    """A NOTEBOOK argument that names no notebook (lists the known ones)."""


def default_notebooks_dir() -> Path:
    """The folder holding the report notebooks.

    ``$HATINH_NOTEBOOKS_DIR`` when set; otherwise ``notebooks/`` of the source
    checkout this package is installed from (editable install), falling back to
    ``./notebooks``.
    """
    env = os.environ.get(NOTEBOOKS_ENV)
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2] / "notebooks"
    if here.is_dir():
        return here
    return Path.cwd() / "notebooks"


class _Node(dict):
    """A dict with attribute access, like ``nbformat.NotebookNode`` (read-only use)."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def _node(value):
    if isinstance(value, dict):
        return _Node({k: _node(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_node(v) for v in value]
    return value


def read_notebook_light(path: str | os.PathLike):
    """Read a notebook's JSON with cell sources joined into strings (nbformat 4), cheaply.

    Raises
    ------
    ParameterError
        When the file is not a readable notebook.
    """
    import json

    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParameterError(f"cannot read the notebook {str(path)!r}: {exc}", name="NOTEBOOK") from None
    if not isinstance(data, dict) or data.get("nbformat") != 4 or not isinstance(data.get("cells"), list):
        import nbformat  # older formats: let nbformat upgrade them

        return nbformat.read(path, as_version=4)
    for cell in data["cells"]:
        if isinstance(cell, dict) and isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    data.setdefault("metadata", {})
    return _node(data)


def _strip_markdown(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class NotebookInfo:
    """A report notebook on disk.

    Attributes
    ----------
    path : pathlib.Path
    """

    path: Path

    @property
    def stem(self) -> str:
        """File name without ``.ipynb``: the name used in reports and on the command line."""
        return self.path.stem

    @cached_property
    def notebook(self):
        """The notebook's cells and metadata (attribute access as in :mod:`nbformat`).

        Read as plain JSON (no :mod:`nbformat` import, no schema validation: only
        the prose and the parameters cell are looked at before a run, and
        papermill reads and validates the notebook when it runs it); files in an
        older notebook format go through :func:`nbformat.read`.
        """
        return read_notebook_light(self.path)

    @cached_property
    def title(self) -> str:
        """The first markdown heading (or the stem)."""
        for cell in self.notebook.cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    m = re.match(r"\s*#+\s+(.*)", line)
                    if m:
                        return _strip_markdown(m.group(1))
        return self.stem

    @cached_property
    def description(self) -> str:
        """One line: ``metadata.hatinh.description`` or the first sentence after the title."""
        meta = self.notebook.metadata.get("hatinh", {})
        if meta.get("description"):
            return str(meta["description"])
        for cell in self.notebook.cells:
            if cell.cell_type != "markdown":
                continue
            paragraph = []
            for line in cell.source.splitlines():
                if re.match(r"\s*#", line):
                    continue
                if not line.strip():
                    if paragraph:
                        break
                    continue
                paragraph.append(line)
            if paragraph:
                text = _strip_markdown(" ".join(paragraph))
                m = re.match(r"(.+?[.?!])(\s|$)", text)
                return m.group(1) if m else text
        return ""

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        """Declared parameters (from the ``parameters``-tagged cell), by name."""
        return notebook_parameters(self.notebook, self.path.name)

    def defaults(self) -> dict:
        """The default value of every parameter."""
        return {name: p.default for name, p in self.parameters.items()}


def list_notebooks(folder: str | os.PathLike | None = None) -> list[NotebookInfo]:
    """All ``*.ipynb`` in *folder* (default :func:`default_notebooks_dir`), sorted by name."""
    folder = Path(folder) if folder is not None else default_notebooks_dir()
    if not folder.is_dir():
        return []
    return [NotebookInfo(p) for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith(".")]


def resolve_notebook(name: str, folder: str | os.PathLike | None = None) -> NotebookInfo:
    """Find a notebook given as a stem (``02_target_check``), a file name or a path.

    Raises
    ------
    NotebookNotFound
        With the closest known name and the list of notebooks.
    """
    folder = Path(folder) if folder is not None else default_notebooks_dir()
    candidates = [Path(name), Path(f"{name}.ipynb"), folder / name, folder / f"{name}.ipynb"]
    for c in candidates:
        if c.is_file() and c.suffix == ".ipynb":
            return NotebookInfo(c.resolve())
    known = [nb.stem for nb in list_notebooks(folder)]
    listing = ", ".join(known) if known else f"none in {folder}"
    raise NotebookNotFound(f"no notebook {name!r}{suggest(Path(name).stem, known)}; notebooks: {listing}",
                           name="NOTEBOOK")
