"""Structure of the package: imports run one way (no cycles, function-level imports included),
no private API of other libraries, nothing Linux-only in the runner's main path."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "hatinh_analysis"
MODULES = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
           for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module of the package that *path* imports, anywhere in the file (name, line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module,
                       node.lineno) for a in node.names]
    return [(name, line) for name, line in found if name.split(".")[0] == "hatinh_analysis" and name in MODULES]


def import_graph() -> dict[str, set[str]]:
    return {mod: {name for name, _ in _imports(path)} - {mod} for mod, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle as a list of modules (first = last), or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_on_hand_made_graphs():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"x": {"x"}}) == ["x", "x"]


def test_no_import_cycle_in_the_package():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_report_imports_only_downwards():
    """report/ uses the library; the library never imports report/ (except the notebook-facing report.checks)."""
    graph = import_graph()
    for mod, targets in graph.items():
        if not mod.startswith("hatinh_analysis.report"):
            assert not {t for t in targets if t.startswith("hatinh_analysis.report")}, mod


# Private names of other libraries, and calls that only exist on Linux/POSIX.
FORBIDDEN_ATTRS = {"fork", "forkpty", "pidfd_open", "register_at_fork", "setsid", "killpg", "getpgid",
                   "SIGKILL", "SIGHUP", "SIGCHLD", "SIGUSR1", "SIGUSR2", "_getframe", "_run_exitfuncs",
                   "_filters_mutated", "_registered_options", "_config"}


def _external_private_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    external = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            external |= {(a.asname or a.name).split(".")[0] for a in node.names
                         if not a.name.startswith("hatinh_analysis")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__" \
                and not node.module.startswith("hatinh_analysis"):
            if any(part.startswith("_") for part in node.module.split(".")):
                yield f"{path.name}:{node.lineno} from {node.module} import …"
            for a in node.names:
                if a.name.startswith("_") or a.name in FORBIDDEN_ATTRS:
                    yield f"{path.name}:{node.lineno} from {node.module} import {a.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in external:
            if (node.attr.startswith("_") and not node.attr.startswith("__")) or node.attr in FORBIDDEN_ATTRS:
                yield f"{path.name}:{node.lineno} {node.value.id}.{node.attr}"


def test_private_api_scanner_finds_what_it_should(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os, sys, warnings\nfrom pandas._config import x\nos.fork()\nsys._getframe()\n"
                   "warnings._filters_mutated()\nfrom os import fork\n")
    assert len(list(_external_private_uses(bad))) == 5


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith("hatinh_analysis.report")
                                    and not m.endswith(".checks")] + ["hatinh_analysis.parameters",
                                                                      "hatinh_analysis.formats",
                                                                      "hatinh_analysis.views"])
def test_runner_uses_no_private_or_linux_only_api(module):
    assert list(_external_private_uses(MODULES[module])) == []


@pytest.mark.slow
def test_every_module_imports_alone_in_a_fresh_interpreter():
    failed = {}
    for mod in MODULES:
        proc = subprocess.run([sys.executable, "-c", f"import {mod}"], capture_output=True, text=True, timeout=120)
        if proc.returncode:
            failed[mod] = proc.stderr.strip().splitlines()[-1:]
    assert failed == {}


@pytest.mark.slow
def test_a_report_runs_without_fork(tmp_path):
    """The main path works where os.fork and pidfd do not exist (e.g. Windows)."""
    fixtures = Path(__file__).parent / "fixtures" / "notebooks"
    code = ("import os, sys\n"
            "for name in ('fork', 'forkpty', 'pidfd_open', 'register_at_fork'):\n"
            "    if hasattr(os, name): delattr(os, name)\n"
            "from hatinh_analysis.report.cli import main\n"
            f"main(['--notebooks-dir', {str(fixtures)!r}, 'run', 'tiny', '--out', {str(tmp_path / 'r')!r},"
            " '--date', '2020-01-01', '--no-progress', '--jobs', '2'])\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "r" / "2020-01-01" / "tiny.html").exists()
