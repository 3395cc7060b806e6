"""The package's public surface: lazy exports resolve to what they promise."""
import importlib
import pkgutil
import subprocess
import sys
import types

import hatinh_analysis as ha


def test_every_export_resolves_to_a_non_module_even_after_all_submodules_load():
    # Importing a submodule sets it as an attribute of the package; an exported
    # function with the same name as a module would then be shadowed (this bit
    # us once with `backtest`). Load everything first, then check each name.
    for mod in pkgutil.walk_packages(ha.__path__, "hatinh_analysis."):
        importlib.import_module(mod.name)
    for name in ha._EXPORTS:
        obj = getattr(ha, name)
        assert not isinstance(obj, types.ModuleType), name


def test_import_is_light():
    # `import hatinh_analysis` must not pull in the heavy stack (issue 5, R4).
    code = ("import sys, hatinh_analysis; "
            "print(sorted(m for m in ('pandas','statsmodels','scipy','matplotlib','seaborn',"
            "'papermill','nbconvert') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
