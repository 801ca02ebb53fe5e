"""Every series of one source covers the same quarters (defect found by the workforce fixture, issue 12).

A single training export dated 2025-06-30 holds a DEI Training session of 2024-05-10 and an EEO
Training session of 2025-02-03, each attended by 3 community members. The source covers FY2024
(its earliest activity, before the oldest export's FY2025) through 2025 Q2. Before the fix each
series started at its own first activity: DEI Training from FY2024, every other training series
from FY2025, and the published-grid gate (every series over the same quarters) blocked the
publication. Now every training series runs FY2024 Q1 - FY2025 Q2 (6 quarters), 0 where nothing
happened: eeo_training_sessions is 0 in FY2024 Q2 and 1 in FY2025 Q1.
No HR export has arrived: the workforce tables are published empty (before the fix of the same day,
the disparity model's empty Python frame carried no column types and broke its contract).
"""

import pytest

from tests.conftest import published, refresh_on_exports
from tests.e2e.declared_checks import failed_checks

HEADER = (
    "session_id,program,course_code,course_title,session_date,duration_hours,delivery_mode,"
    "host_department_code,attendee_type,attendee_id,attendee_name,contractor_company,attendance_status,headcount"
)
EXPORTS = {
    "training_roster_2025-06-30.csv": [
        HEADER,
        "S1,DEI Training,DEI-101,Foundations,2024-05-10,2.0,Virtual,OEJ,Community,,,,Attended,3",
        "S2,EEO Training,EEO-101,EEO basics,2025-02-03,2.0,Virtual,OEJ,Community,,,,Attended,3",
    ]
}


@pytest.fixture(scope="module")
def range_run(tmp_path_factory):
    with refresh_on_exports(tmp_path_factory.mktemp("series_range"), EXPORTS, "range-key") as run:
        yield run


def test_the_run_publishes(range_run):
    failed = [e.asset_check_key.to_user_string() for e in failed_checks(range_run["result"])]
    assert failed == []
    assert range_run["result"].success
    assert published(range_run, "select count(*) from workforce_disparity") == [(0,)]
    assert published(range_run, "select count(*) from workforce_representation") == [(0,)]


def test_every_training_series_covers_the_sources_quarters(range_run):
    quarters = published(
        range_run,
        "select series_id, count(*), min(fiscal_year * 10 + fiscal_quarter), max(fiscal_year * 10 + fiscal_quarter) "
        "from pvr_quarterly where series_id in ('dei_training_sessions', 'eeo_training_sessions', 'attendance') "
        "group by series_id order by series_id",
    )
    assert quarters == [
        ("attendance", 6, 20241, 20252),
        ("dei_training_sessions", 6, 20241, 20252),
        ("eeo_training_sessions", 6, 20241, 20252),
    ]
    eeo = published(
        range_run,
        "select fiscal_year, fiscal_quarter, value from pvr_quarterly where series_id = 'eeo_training_sessions' "
        "and (fiscal_year, fiscal_quarter) in ((2024, 2), (2025, 1))",
    )
    assert sorted(eeo) == [(2024, 2, 0.0), (2025, 1, 1.0)]
