"""Thin Dagster wiring, one module per stage; the logic lives outside defs/."""
