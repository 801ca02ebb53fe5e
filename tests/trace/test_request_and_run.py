"""The trace's pieces that need no sample: reading a KEY, and the run's facts from a Dagster instance."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest

from equity_pipeline.instance import TEMPLATE
from equity_pipeline.trace.request import TraceInputError, parse_key
from equity_pipeline.trace.run import read_run


def test_a_key_value_may_hold_commas_and_equals_signs() -> None:
    assert parse_key("file_name=a.csv,reason=required, not given,column_name=") == {
        "file_name": "a.csv",
        "reason": "required, not given",
        "column_name": "",
    }
    assert parse_key("a=x=y") == {"a": "x=y"}


@pytest.mark.parametrize("text", ["", "garbage", "=1", "a=1,a=2"])
def test_a_malformed_key_is_refused(text: str) -> None:
    with pytest.raises(TraceInputError, match="malformed KEY"):
        parse_key(text)


@dg.asset
def figure() -> int:
    return 1


@dg.asset_check(asset=figure)
def figure_is_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@dg.asset_check(asset=figure, name="figure_is_small")
def figure_is_small() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN)


def test_a_run_the_instance_holds_shows_its_status_and_check_outcomes(tmp_path) -> None:
    home = tmp_path / ".dagster"
    home.mkdir()
    shutil.copyfile(TEMPLATE, home / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = dg.materialize(
            [figure, figure_is_positive, figure_is_small], instance=instance, tags={"trigger": "test"}
        )
    facts = read_run(home, result.run_id)
    assert facts.held and facts.status == "SUCCESS"
    assert facts.tags["trigger"] == "test"
    assert facts.started is not None and facts.ended is not None and facts.started <= facts.ended
    assert sorted((c.asset, c.name, c.outcome) for c in facts.checks) == [
        ("figure", "figure_is_positive", "passed"),
        ("figure", "figure_is_small", "warned"),
    ]


def test_a_run_the_instance_does_not_hold_is_said_not_raised(tmp_path) -> None:
    home = tmp_path / ".dagster"
    home.mkdir()
    shutil.copyfile(TEMPLATE, home / "dagster.yaml")
    facts = read_run(home, "0000")
    assert not facts.held and "does not hold run 0000" in facts.why_not
    assert "no dagster.yaml" in read_run(tmp_path / "elsewhere", "0000").why_not
