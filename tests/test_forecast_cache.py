"""The batch's shared forecast cache (forecast_cache.py): keyed by everything but the target, never stale."""
from __future__ import annotations

import os

import pytest

import hatinh_analysis as ha
from hatinh_analysis import forecast_cache
from hatinh_analysis.forecast_cache import CACHE_ENV, disk_cached


@pytest.fixture(scope="module")
def series():
    return ha.load_series("iip", "ha_tinh", as_of="2019-12-25")


def test_off_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    calls = []
    f = disk_cached(lambda x: calls.append(x) or x * 2)
    assert f(2) == 4 and f(2) == 4 and calls == [2, 2]


def test_same_inputs_computed_once_other_inputs_apart(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    calls = []

    def double(x, *, k=1):
        calls.append((x, k))
        return {"value": x * 2 * k}

    f = disk_cached(double)
    assert f(2) == f(2) == {"value": 4} and calls == [(2, 1)]
    assert f(2, k=3) == {"value": 12} and calls == [(2, 1), (2, 3)]
    assert len(list(tmp_path.glob("double-*.pkl"))) == 2
    for p in tmp_path.glob("double-*.pkl"):  # a torn file is computed again, not trusted
        p.write_bytes(b"\x80garbage")
    assert f(2) == {"value": 4} and len(calls) == 3


def test_checks_differing_only_in_the_target_share_one_forecast(monkeypatch, tmp_path, series):
    plain = {t: ha.check_target(series, t, 2020) for t in (8.0, 10.64, 30.0)}
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    cached = {t: ha.check_target(series, t, 2020) for t in (8.0, 10.64, 30.0)}
    # one ensemble and one outside-view fit for the three targets
    assert len(list(tmp_path.glob("run_ensemble-*.pkl"))) == 1
    assert len(list(tmp_path.glob("fit_pool-*.pkl"))) <= 1
    for t in plain:  # the same numbers and verdicts as without the cache
        assert cached[t].prob_reach == plain[t].prob_reach and cached[t].verdict == plain[t].verdict
        assert cached[t].table["forecast"].tolist() == plain[t].table["forecast"].tolist()
    # a scenario (another choice than the target) is another forecast
    ha.check_target(series, 10.64, 2020, exclude_years=[2016])
    assert len(list(tmp_path.glob("run_ensemble-*.pkl"))) == 2


def test_the_batch_context_sets_and_removes_a_fresh_folder(monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    with forecast_cache.forecast_cache() as folder:
        assert os.environ[CACHE_ENV] == str(folder) and folder.is_dir()
    assert CACHE_ENV not in os.environ and not folder.exists()
    with forecast_cache.forecast_cache(enabled=False) as folder:
        assert folder is None and CACHE_ENV not in os.environ
