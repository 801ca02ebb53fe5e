"""The declared contracts: shape, coverage of the spec, and one staging folder each."""

import pytest

from equity_pipeline.config import DBT_PROJECT_DIR
from equity_pipeline.contracts import ContractError, all_contracts, parse_contract

SPEC_SOURCES = {"hr_workforce", "training_roster", "wc_claims", "board_roster", "language_access"}


def test_every_spec_source_has_a_contract_and_a_staging_folder() -> None:
    contracts = all_contracts()
    assert set(contracts) == SPEC_SOURCES
    for source in contracts:
        folder = DBT_PROJECT_DIR / "models" / "staging" / source
        assert (folder / f"_{source}__sources.yml").exists(), source
        assert list(folder.glob(f"stg_{source}__*s.sql")), source


def test_snapshot_and_log_kinds_follow_the_spec() -> None:
    kinds = {s: c.kind for s, c in all_contracts().items()}
    assert kinds == {
        "hr_workforce": "snapshot",
        "wc_claims": "snapshot",
        "board_roster": "snapshot",
        "training_roster": "log",
        "language_access": "log",
    }


def test_only_loss_runs_may_arrive_as_xlsx() -> None:
    assert {s for s, c in all_contracts().items() if "xlsx" in c.formats} == {"wc_claims"}


def test_personal_columns_are_marked_and_people_ids_pseudonymised() -> None:
    contracts = all_contracts()
    pii = {(s, c.name) for s, k in contracts.items() for c in k.columns if c.pii}
    assert pii == {
        ("hr_workforce", "first_name"),
        ("hr_workforce", "last_name"),
        ("hr_workforce", "birth_date"),
        ("training_roster", "attendee_name"),
        ("wc_claims", "claimant_name"),
        ("wc_claims", "description"),
        ("board_roster", "member_name"),
    }
    hashed = {(s, c.name) for s, k in contracts.items() for c in k.columns if c.pseudonymise}
    assert hashed == {
        ("hr_workforce", "employee_id"),
        ("training_roster", "attendee_id"),
        ("wc_claims", "employee_id"),
        ("board_roster", "member_id"),
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "stream"}, "kind must be one of"),
        ({"formats": ["parquet"]}, "formats must be within"),
        ({"key": ["nope"]}, "key"),
        ({"columns": [{"name": "a", "type": "text"}]}, "type 'text'"),
        ({"columns": [{"name": "a", "type": "enum"}]}, "needs allowed values"),
        ({"columns": [{"name": "a", "type": "string", "check": "a > 1"}]}, "needs a reason"),
        ({"columns": [{"name": "a", "type": "string", "colour": "red"}]}, "unknown keys"),
        ({"cadence": "fortnightly"}, "cadence 'fortnightly' must be one of \\['annual', 'monthly', 'quarterly'\\]"),
        ({"grace_days": -1}, "grace_days must be a whole number of days >= 0, not -1"),
        ({"grace_days": "30"}, "grace_days must be a whole number of days >= 0, not '30'"),
        ({"grace_days": True}, "grace_days must be a whole number"),
        ({"grace_days": 2.5}, "grace_days must be a whole number"),
    ],
)
def test_malformed_contracts_are_refused(change: dict, message: str) -> None:
    with pytest.raises(ContractError, match=message):
        parse_contract({**BASE, **change})


BASE = {
    "source": "x",
    "kind": "log",
    "entity": "thing",
    "key": ["a"],
    "columns": [{"name": "a", "type": "string"}],
    "cadence": "monthly",
    "grace_days": 30,
}


@pytest.mark.parametrize("missing", ["cadence", "grace_days"])
def test_a_contract_without_its_delivery_cadence_is_refused(missing: str) -> None:
    contract = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(ContractError, match=f"x: {missing} is missing"):
        parse_contract(contract)


def test_every_source_declares_its_cadence_and_grace() -> None:
    # quarter-end snapshots and rosters get 45 days; the month-end loss run and request log 30
    delivery = {s: (c.cadence, c.grace_days) for s, c in all_contracts().items()}
    assert delivery == {
        "hr_workforce": ("quarterly", 45),
        "training_roster": ("quarterly", 45),
        "board_roster": ("quarterly", 45),
        "wc_claims": ("monthly", 30),
        "language_access": ("monthly", 30),
    }
