"""The rule by which the exact check counts attach a dbt test to a model, on hand-made manifest nodes."""

import pytest

from tests.e2e.declared_checks import checked_node


def test_a_generic_test_is_on_its_attached_model() -> None:
    test = {"attached_node": "model.p.stg_a", "depends_on": {"nodes": ["model.p.stg_a", "model.p.int_b"]}}
    assert checked_node(test) == "model.p.stg_a"  # a relationships test also depends on the model it refers to


def test_a_singular_test_on_one_model_is_on_that_model() -> None:
    assert checked_node({"attached_node": None, "depends_on": {"nodes": ["model.p.int_b"]}}) == "model.p.int_b"


def test_a_singular_test_on_two_models_is_on_neither() -> None:
    with pytest.raises(ValueError):
        checked_node({"depends_on": {"nodes": ["model.p.stg_a", "model.p.int_b"]}})
