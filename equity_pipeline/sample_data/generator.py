"""Seeded generator of realistic sample exports for all five sources (`data_raw/`).

A municipality of Anchorage's size (about 2,600 employees in 15 departments),
FY2021-FY2025, several exports per source, in the messy forms departments really
send: CRLF line endings, a UTF-8 BOM, a Windows-1252 file, an .xlsx loss run,
US and ISO dates, a re-delivered file, a `_v2` correction, and a handful of
invalid rows. The training roster reproduces the department's published table
(FY2021 Q4: 1 training session; FY2023 Q3: 1 training session, 5 community
engagement opportunities, 1,532 attendance).

`generate(out_dir, seed, scale)` writes the files and returns what a correct
loader must land, so tests compare the pipeline against the generator. The
population lives in `population`, each source's exports in the module named
after it; headers and allowed values come from the source's contract.

Usage: python -m equity_pipeline.sample_data.generator [--out data_raw] [--seed 2023] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np

from equity_pipeline.contracts import all_contracts
from equity_pipeline.sample_data import (
    board_roster,
    hr_workforce,
    language_access,
    population,
    training_roster,
    wc_claims,
)
from equity_pipeline.sample_data.common import Expected


def generate(
    out_dir: Path,
    seed: int = 2023,
    scale: float = 1.0,
    *,
    training_scale: float = 1.0,
    board_scale: float | None = None,
) -> dict[str, Expected]:
    """Write every source's sample exports under out_dir; return what a correct loader lands.

    `scale` scales the workforce, its claims and the language-access requests; `training_scale` the
    training sessions (1: the sample's, whatever the workforce); `board_scale` the boards (default `scale`).
    """
    out_dir = Path(out_dir)
    for source in all_contracts():
        shutil.rmtree(out_dir / source, ignore_errors=True)
    # One generator drawn in this order: reordering the sources would change every file.
    rng = np.random.default_rng(seed)
    # The training sessions beyond the sample's come from a generator of their own, so that scaling the
    # training changes no other draw (and the sample, at training_scale 1, draws nothing from it).
    extra_training = np.random.default_rng([seed, 1])
    employees = population.employees(rng, scale)
    return {
        "hr_workforce": hr_workforce.write(out_dir, employees),
        "training_roster": training_roster.write(rng, out_dir, employees, training_scale, extra_training),
        "wc_claims": wc_claims.write(rng, out_dir, scale, employees),
        "board_roster": board_roster.write(rng, out_dir, scale if board_scale is None else board_scale),
        "language_access": language_access.write(rng, out_dir, scale),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data_raw"))
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    expected = generate(args.out, args.seed, args.scale)
    print(json.dumps({k: v.__dict__ for k, v in expected.items()}, indent=2))


if __name__ == "__main__":
    main()
