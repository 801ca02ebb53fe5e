"""Language access: monthly requests and the safe-harbor test on a fixture computed by hand.

Semantics: issue 11 (language access). EQUITY_TIMEZONE America/Anchorage (-09:00 all winter), fiscal
year = calendar year (start month 1), EQUITY_SAFE_HARBOR_PERSONS 1,000 and EQUITY_SAFE_HARBOR_SHARE
0.003 (a MonkeyPatch context around refresh_on_exports sets them: 0.003 x 271,000 = 813 persons, so
Russian/Polish/Slavic, 900, is safe harbor by the share rule only, and Other Indo-European, 800, is not).
Exports as of 2024-12-31, 2025-01-31, 2025-02-28. Departments HD and LIB. Times are local unless Z/offset.
Hours = fulfilled_at - received_at. F = Fulfilled, P = Partially Fulfilled, U = Unfulfilled, C = Cancelled.
"(as a name)": the language is written as its English name (it lands as the code).

  id  dept lang  service / vital  received       needed_by      fulfilled      st  hours     min words cost
  December 2024 (FY2024)
  L01 HD  spa  Phone             12-02 09:00    12-02 12:00    12-02 11:00    F   2 on time  30     -  45.00
  L02 HD  spa  In Person         12-05 10:00    12-06 10:00    12-06 16:00    F  30 late     90     - 180.00
  L03 LIB spa  Translation vital 12-10 08:00    -              12-13 08:00    F  72          -  1200 240.00
  L04 LIB spa  Video   2025-01-01T08:30Z = 12-31 23:30 local: December    -    01-01T10:45Z F 2.25 20 - 30.00
  L05 HD  kor  Phone             12-30 14:00    01-02 14:00    U in the Dec export (no cost); F in the Jan
                                                               export at 01-02 10:00: 68 on time, 40 min, 60.00
  L06 LIB kor  Translation not vital 12-16 09:00 12-20 09:00   12-18 09:00    F  48 on time   -   500 100.00
  L07 HD  kor  Translation vital 12-17 09:00    -              12-19 09:00    P              -   300  75.00
  L08 HD  rus  Translation vital 12-03 09:00    12-10 09:00    12-09 09:00    F 144 on time   -   800 160.00
  L09 HD  ase  ASL               12-04 13:00    12-04 15:00    12-04 15:30    F 2.5 late     60     - 120.00
  L10 HD  spa  Phone             12-09 09:00                                  C                        25.00
  L11 LIB pol  Translation       2023-11-15 10:00 (in the Dec export)         C                        50.00
  L26 HD  spa  Phone             12-20 10:00    -              -              U
  January 2025 (FY2025)
  L12 HD  spa  Phone             01-06 09:00    01-06 10:00    01-06 09:45    F 0.75 on time 15     -  22.50
  L13 HD  spa  In Person         01-08 08:00    01-09 08:00    -              U
  L27 HD  spa  Translation not vital 01-14 09:00 01-21 09:00   01-17 15:00    F  78 on time   -   650 130.00
  L14 LIB spa  Video (as a name) 01-13 10:00    -              01-13 13:20    F 3.3333       45     -  67.50
  L15 LIB spa  Phone  01-20T12:00-09:00         01-20 17:00    01-21T03:00Z = 18:00 F 6 late 25     -  37.50
  L16 LIB kor  Phone             01-15 09:00    01-15 12:00    01-15 10:30    F 1.5 on time  35     -  52.50
  L17 HD  kor  Phone             01-22 09:00                                  C                        40.00
  L18 HD  pol  In Person         01-27 11:00    01-29 11:00    01-28 11:00    F  24 on time 120     - 240.00
  L19 LIB ase  ASL (as a name)   01-10 09:00    -              01-10 11:00    F   2          90     - 150.00
  February 2025 (FY2025)
  L20 HD  spa  Translation vital 02-03 09:00    02-10 09:00    02-07 09:00    F  96 on time   -  2000 400.00
  L21 HD  spa  Phone             02-11 10:00    -              02-11 11:00    P              10     -  15.00
  L22 HD  spa  Phone             02-12 10:00    02-12 12:00    02-12 14:00    F   4 late     30     -  45.00
  L23 HD  kor  Video (as a name) 02-18 15:00    -              02-19 09:00    F  18          50     -  75.00
  L24 HD  ase  ASL               02-20 09:00    02-20 11:00    -              U
  L25 LIB kor  Translation vital 02-21 09:00                                  C                        90.00
  L28 LIB spa  Phone             02-25 13:00    02-25 14:00    02-25 14:00    F   1 on time (<=) 20  -  30.00

Monthly (requests, fulfilled, on time / fulfilled with needed_by, median hours, min, words, cost):
  2024-12 HD spa  3 (L01 L02 L26; L10 cancelled)  2  1/2  median(2, 30) = 16        120     0  225.00
          LIB spa 2 (L03 L04)                     2  none had needed_by: NULL; median(72, 2.25) = 37.125; 20, 1200, 270
          ALL spa 5  4 (0.8)  1/2  median(2, 2.25, 30, 72) = 16.125   140  1200  495.00
          HD kor  2 (L05 counted once, L07 P)     1  1/1  68           40   300  135.00
          LIB kor 1  1  1/1  48   0  500  100.00;  ALL kor 3  2 (0.6667)  2/2  median(68, 48) = 58  40  800  235
          HD/ALL rus 1  1  1/1  144  0  800  160.00;   HD/ALL ase 1  1  0/1  2.5  60  0  120.00
  2025-01 HD spa  3 (L12 L13 L27)  2  2/2  median(0.75, 78) = 39.375   15   650  152.50
          LIB spa 2  2  0/1  median(3.3333, 6) = 4.6667   70  0  105.00
          ALL spa 5  4  2/3  median(0.75, 3.3333, 6, 78) = 4.6667   85  650  257.50
          LIB/ALL kor 1  1  1/1  1.5  35  0  52.50 (HD kor: only L17, cancelled: no row)
          HD/ALL pol 1  1  1/1  24  120  0  240.00;   LIB/ALL ase 1  1  NULL  2  90  0  150.00
  2025-02 HD spa  3 (L20 L21 L22)  2  1/2  median(96, 4) = 50   40  2000  460.00
          LIB spa 1  1  1/1  1   20  0  30.00;   ALL spa 4  3 (0.75)  2/3  median(1, 4, 96) = 4  60  2000  490.00
          HD/ALL kor 1  1  NULL  18  50  0  75.00 (LIB kor: only L25, cancelled: no row)
          HD/ALL ase 1  0  NULL  NULL  0  0  0.00
  2023-11 (only L11, cancelled): no row.
Safe harbor (fiscal years 2023-2025: L11 makes 2023 a year holding a request, with 0 requests):
  spa 3,100  FY2024 5 requests, vital L03 (met), 5/3.1 = 1.6129;  FY2025 9, vital L20 (met), 2.9032
  kor 1,400  FY2024 3 (L06 not vital, L07 only partly): gap, 2.1429;  FY2025 2 (L16 L23): gap, 1.4286
  sla   900  FY2024 1 (rus L08, vital): met, 1.1111;  FY2025 1 (pol L18): gap, 1.1111
  ine   800  below 813 and 1,000: not required, 0 requests every year (the untouched language)
  und 2,000  0 requests every year (ASL belongs to no row): gap;  FY2023: every row 0 requests, 0 vital
"""

import datetime as dt
import re
from decimal import Decimal

import pytest

from tests.conftest import published, query, refresh_on_exports
from tests.e2e.declared_checks import failed_checks

HEADER = (
    "request_id,received_at,department_code,language,service_type,vital_document,provider,needed_by,"
    "fulfilled_at,status,minutes,word_count,cost"
)
PHONE, VIDEO, IN_PERSON = "Interpretation - Phone", "Interpretation - Video", "Interpretation - In Person"
TRANSLATION = "Translation"


def row(rid, received, dept, lang, service, vital="", need="", done="", status="Fulfilled", mins="", words="",
        cost="") -> str:  # fmt: skip
    return f"{rid},{received},{dept},{lang},{service},{vital},Vendor,{need},{done},{status},{mins},{words},{cost}"


L05 = ("L05", "2024-12-30 14:00", "HD", "kor", PHONE, "", "2025-01-02 14:00")
DECEMBER = [
    row("L01", "2024-12-02 09:00", "HD", "spa", PHONE, "", "2024-12-02 12:00", "2024-12-02 11:00", mins=30,
        cost="45.00"),
    row("L02", "2024-12-05T10:00:00", "HD", "spa", IN_PERSON, "", "2024-12-06 10:00", "2024-12-06 16:00", mins=90,
        cost="180.00"),
    row("L03", "2024-12-10 08:00", "LIB", "spa", TRANSLATION, "Y", "", "2024-12-13 08:00", words=1200, cost="240.00"),
    # 23:30 local on 31 December, written as its UTC instant: December 2024, FY2024
    row("L04", "2025-01-01T08:30:00Z", "LIB", "spa", VIDEO, "", "", "2025-01-01T10:45:00Z", mins=20, cost="30.00"),
    row(*L05, status="Unfulfilled"),
    row("L06", "2024-12-16 09:00", "LIB", "kor", TRANSLATION, "N", "2024-12-20 09:00", "2024-12-18 09:00", words=500,
        cost="100.00"),
    row("L07", "2024-12-17 09:00", "HD", "kor", TRANSLATION, "Y", "", "2024-12-19 09:00", "Partially Fulfilled",
        words=300, cost="75.00"),
    row("L08", "2024-12-03 09:00", "HD", "rus", TRANSLATION, "Y", "2024-12-10 09:00", "2024-12-09 09:00", words=800,
        cost="160.00"),
    row("L09", "2024-12-04 13:00", "HD", "ase", "ASL", "", "2024-12-04 15:00", "2024-12-04 15:30", mins=60,
        cost="120.00"),
    row("L10", "2024-12-09 09:00", "HD", "spa", PHONE, status="Cancelled", cost="25.00"),
    row("L11", "2023-11-15 10:00", "LIB", "pol", TRANSLATION, "Y", status="Cancelled", cost="50.00"),
    row("L26", "2024-12-20 10:00", "HD", "spa", PHONE, status="Unfulfilled"),
]  # fmt: skip
JANUARY = [
    row(*L05, "2025-01-02 10:00", mins=40, cost="60.00"),  # the pending request, now fulfilled
    row("L12", "2025-01-06 09:00", "HD", "spa", PHONE, "", "2025-01-06 10:00", "2025-01-06 09:45", mins=15,
        cost="22.50"),
    row("L13", "2025-01-08 08:00", "HD", "spa", IN_PERSON, "", "2025-01-09 08:00", status="Unfulfilled"),
    row("L27", "2025-01-14 09:00", "HD", "spa", TRANSLATION, "N", "2025-01-21 09:00", "2025-01-17 15:00", words=650,
        cost="130.00"),
    row("L14", "2025-01-13 10:00", "LIB", "Spanish", VIDEO, "", "", "2025-01-13 13:20", mins=45, cost="67.50"),
    row("L15", "2025-01-20T12:00:00-09:00", "LIB", "spa", PHONE, "", "2025-01-20 17:00", "2025-01-21T03:00:00Z",
        mins=25, cost="37.50"),
    row("L16", "2025-01-15 09:00", "LIB", "kor", PHONE, "", "2025-01-15 12:00", "2025-01-15 10:30", mins=35,
        cost="52.50"),
    row("L17", "2025-01-22 09:00", "HD", "kor", PHONE, status="Cancelled", cost="40.00"),
    row("L18", "2025-01-27 11:00", "HD", "pol", IN_PERSON, "", "2025-01-29 11:00", "2025-01-28 11:00", mins=120,
        cost="240.00"),
    row("L19", "2025-01-10 09:00", "LIB", "American Sign Language", "ASL", "", "", "2025-01-10 11:00", mins=90,
        cost="150.00"),
]  # fmt: skip
FEBRUARY = [
    row("L20", "2025-02-03 09:00", "HD", "spa", TRANSLATION, "Y", "2025-02-10 09:00", "2025-02-07 09:00",
        words=2000, cost="400.00"),
    row("L21", "2025-02-11 10:00", "HD", "spa", PHONE, "", "", "2025-02-11 11:00", "Partially Fulfilled", mins=10,
        cost="15.00"),
    row("L22", "2025-02-12 10:00", "HD", "spa", PHONE, "", "2025-02-12 12:00", "2025-02-12 14:00", mins=30,
        cost="45.00"),
    row("L23", "2025-02-18 15:00", "HD", "Korean", VIDEO, "", "", "2025-02-19 09:00", mins=50, cost="75.00"),
    row("L24", "2025-02-20 09:00", "HD", "ase", "ASL", "", "2025-02-20 11:00", status="Unfulfilled"),
    row("L25", "2025-02-21 09:00", "LIB", "kor", TRANSLATION, "Y", status="Cancelled", cost="90.00"),
    row("L28", "2025-02-25 13:00", "LIB", "spa", PHONE, "", "2025-02-25 14:00", "2025-02-25 14:00", mins=20,
        cost="30.00"),
]  # fmt: skip


@pytest.fixture(scope="module")
def language_run(tmp_path_factory):
    exports = {
        "language_access_2024-12-31.csv": [HEADER, *DECEMBER],
        "language_access_2025-01-31.csv": [HEADER, *JANUARY],
        "language_access_2025-02-28.csv": [HEADER, *FEBRUARY],
    }
    # The hand computation's settings, pinned whatever the caller's environment: the share makes
    # Russian/Polish/Slavic (900 >= 813) safe harbor by the share rule alone.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_SAFE_HARBOR_SHARE", "0.003")
        mp.delenv("EQUITY_SAFE_HARBOR_PERSONS", raising=False)
        mp.setenv("EQUITY_TIMEZONE", "America/Anchorage")
        mp.setenv("EQUITY_FISCAL_YEAR_START_MONTH", "1")
        with refresh_on_exports(tmp_path_factory.mktemp("language"), exports, "language-key") as run:
            yield run


DEC, JAN, FEB = dt.date(2024, 12, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1)
NAMES = {"spa": "Spanish", "kor": "Korean", "rus": "Russian", "pol": "Polish", "ase": "American Sign Language"}
# (month, department, language) -> requests, fulfilled, fulfillment_rate, on_time_rate, median_response_hours,
# interpretation_minutes, words_translated, cost: the docstring's table
CELLS = {
    (DEC, "HD", "spa"): (3, 2, 0.6667, 0.5, 16.0, 120, 0, "225.00"),
    (DEC, "LIB", "spa"): (2, 2, 1.0, None, 37.125, 20, 1200, "270.00"),
    (DEC, "ALL", "spa"): (5, 4, 0.8, 0.5, 16.125, 140, 1200, "495.00"),
    (DEC, "HD", "kor"): (2, 1, 0.5, 1.0, 68.0, 40, 300, "135.00"),
    (DEC, "LIB", "kor"): (1, 1, 1.0, 1.0, 48.0, 0, 500, "100.00"),
    (DEC, "ALL", "kor"): (3, 2, 0.6667, 1.0, 58.0, 40, 800, "235.00"),
    (DEC, "HD", "rus"): (1, 1, 1.0, 1.0, 144.0, 0, 800, "160.00"),
    (DEC, "ALL", "rus"): (1, 1, 1.0, 1.0, 144.0, 0, 800, "160.00"),
    (DEC, "HD", "ase"): (1, 1, 1.0, 0.0, 2.5, 60, 0, "120.00"),
    (DEC, "ALL", "ase"): (1, 1, 1.0, 0.0, 2.5, 60, 0, "120.00"),
    (JAN, "HD", "spa"): (3, 2, 0.6667, 1.0, 39.375, 15, 650, "152.50"),
    (JAN, "LIB", "spa"): (2, 2, 1.0, 0.0, 4.6667, 70, 0, "105.00"),
    (JAN, "ALL", "spa"): (5, 4, 0.8, 0.6667, 4.6667, 85, 650, "257.50"),
    (JAN, "LIB", "kor"): (1, 1, 1.0, 1.0, 1.5, 35, 0, "52.50"),
    (JAN, "ALL", "kor"): (1, 1, 1.0, 1.0, 1.5, 35, 0, "52.50"),
    (JAN, "HD", "pol"): (1, 1, 1.0, 1.0, 24.0, 120, 0, "240.00"),
    (JAN, "ALL", "pol"): (1, 1, 1.0, 1.0, 24.0, 120, 0, "240.00"),
    (JAN, "LIB", "ase"): (1, 1, 1.0, None, 2.0, 90, 0, "150.00"),
    (JAN, "ALL", "ase"): (1, 1, 1.0, None, 2.0, 90, 0, "150.00"),
    (FEB, "HD", "spa"): (3, 2, 0.6667, 0.5, 50.0, 40, 2000, "460.00"),
    (FEB, "LIB", "spa"): (1, 1, 1.0, 1.0, 1.0, 20, 0, "30.00"),
    (FEB, "ALL", "spa"): (4, 3, 0.75, 0.6667, 4.0, 60, 2000, "490.00"),
    (FEB, "HD", "kor"): (1, 1, 1.0, None, 18.0, 50, 0, "75.00"),
    (FEB, "ALL", "kor"): (1, 1, 1.0, None, 18.0, 50, 0, "75.00"),
    (FEB, "HD", "ase"): (1, 0, 0.0, None, None, 0, 0, "0.00"),
    (FEB, "ALL", "ase"): (1, 0, 0.0, None, None, 0, 0, "0.00"),
}
# (month, department, language) -> fulfilled_on_time, fulfilled_with_needed_by: the docstring's "on time /
# fulfilled with needed_by" (0/0 where it says none had one, or NULL)
ON_TIME = {
    (DEC, "HD", "spa"): (1, 2), (DEC, "LIB", "spa"): (0, 0), (DEC, "ALL", "spa"): (1, 2),
    (DEC, "HD", "kor"): (1, 1), (DEC, "LIB", "kor"): (1, 1), (DEC, "ALL", "kor"): (2, 2),
    (DEC, "HD", "rus"): (1, 1), (DEC, "ALL", "rus"): (1, 1), (DEC, "HD", "ase"): (0, 1), (DEC, "ALL", "ase"): (0, 1),
    (JAN, "HD", "spa"): (2, 2), (JAN, "LIB", "spa"): (0, 1), (JAN, "ALL", "spa"): (2, 3),
    (JAN, "LIB", "kor"): (1, 1), (JAN, "ALL", "kor"): (1, 1), (JAN, "HD", "pol"): (1, 1), (JAN, "ALL", "pol"): (1, 1),
    (JAN, "LIB", "ase"): (0, 0), (JAN, "ALL", "ase"): (0, 0),
    (FEB, "HD", "spa"): (1, 2), (FEB, "LIB", "spa"): (1, 1), (FEB, "ALL", "spa"): (2, 3),
    (FEB, "HD", "kor"): (0, 0), (FEB, "ALL", "kor"): (0, 0), (FEB, "HD", "ase"): (0, 0), (FEB, "ALL", "ase"): (0, 0),
}  # fmt: skip
MONTHLY = (
    "month, department_code, language_code, language_name, requests, fulfilled, fulfillment_rate, on_time_rate, "
    "median_response_hours, interpretation_minutes, words_translated, cost, fulfilled_on_time, "
    "fulfilled_with_needed_by"
)
SAFE_HARBOR = (
    "fiscal_year, language_code, language_name, lep_population, safe_harbor, vital_translations_fulfilled, status, "
    "requests, requests_per_1000_lep"
)
# Reference row -> its language_group label (the seed's), LEP population, safe harbor (>= 1,000 or >= 813)
REFERENCE = {
    "spa": ("Spanish", 3100, True),
    "kor": ("Korean", 1400, True),
    "sla": ("Russian, Polish, or other Slavic languages", 900, True),
    "ine": ("Other Indo-European languages", 800, False),
    "und": ("Other and unspecified languages", 2000, True),
}
# (fiscal year, reference row) -> vital_translations_fulfilled, status, requests, requests_per_1000_lep
YEARS = {
    **{(2023, code): (0, "gap" if REFERENCE[code][2] else "not required", 0, 0.0) for code in REFERENCE},
    (2024, "spa"): (1, "met", 5, 1.6129),
    (2024, "kor"): (0, "gap", 3, 2.1429),
    (2024, "sla"): (1, "met", 1, 1.1111),
    (2024, "ine"): (0, "not required", 0, 0.0),
    (2024, "und"): (0, "gap", 0, 0.0),
    (2025, "spa"): (1, "met", 9, 2.9032),
    (2025, "kor"): (0, "gap", 2, 1.4286),
    (2025, "sla"): (0, "gap", 1, 1.1111),
    (2025, "ine"): (0, "not required", 0, 0.0),
    (2025, "und"): (0, "gap", 0, 0.0),
}


def keyed(rows: list[tuple], width: int) -> dict[tuple, tuple]:
    """Key columns -> the others; a duplicate key would shrink the dict."""
    result = {r[:width]: r[width:] for r in rows}
    assert len(result) == len(rows)
    return result


def test_the_fixture_lands_whole_and_the_run_publishes(language_run):
    settings = language_run["settings"]
    assert query(settings, "select count(*) from audit.quarantine where source = 'language_access'") == [(0,)]
    # 29 rows in three exports, 28 requests: L05 is in two of them and counts once, as the newest says
    current = "select request_id, request_status from intermediate.int_language_requests__current"
    rows = dict(query(settings, current))
    assert len(rows) == 28
    assert rows["L05"] == "Fulfilled"
    failures = [e.asset_check_key.to_user_string() for e in failed_checks(language_run["result"])]
    assert failures == []
    assert language_run["result"].success


def test_every_figure_of_language_access_monthly(language_run):
    rows = keyed(published(language_run, f"select {MONTHLY} from language_access_monthly"), 3)
    expected = {
        (month, dept, lang, NAMES[lang]): (*figures[:-1], Decimal(figures[-1]), *ON_TIME[(month, dept, lang)])
        for (month, dept, lang), figures in CELLS.items()
    }
    assert {(*k, v[0]): v[1:] for k, v in rows.items()} == expected
    # No row for November 2023 (its one request was cancelled), nor for HD Korean in January or LIB
    # Korean in February (cancelled only); L04 (31 December 23:30 local) is in December's LIB Spanish.
    assert len(rows) == 26


def test_every_figure_of_language_access_annual(language_run):
    """FY2024 is December alone (its ALL rows above). FY2025, January + February: Spanish 5 + 4 = 9 requests,
    4 + 3 = 7 fulfilled (0.7778), on time 2 + 2 of 3 + 3 (0.6667), the median of the year's 7 response times
    0.75, 1, 3.3333, 4, 6, 78, 96 = 4 (not a mean of the monthly medians 4.6667 and 4); Korean 2, 2, 1 of 1,
    median(1.5, 18) = 9.75; Polish 1, 1, 1 of 1, 24; ASL 2, 1 (0.5), none with needed_by, median 2."""
    columns = (
        "fiscal_year, language_code, requests, fulfilled, fulfillment_rate, on_time_rate, median_response_hours, "
        "fulfilled_on_time, fulfilled_with_needed_by"
    )
    assert keyed(published(language_run, f"select {columns} from language_access_annual"), 2) == {
        (2024, "spa"): (5, 4, 0.8, 0.5, 16.125, 1, 2), (2024, "kor"): (3, 2, 0.6667, 1.0, 58.0, 2, 2),
        (2024, "rus"): (1, 1, 1.0, 1.0, 144.0, 1, 1), (2024, "ase"): (1, 1, 1.0, 0.0, 2.5, 0, 1),
        (2025, "spa"): (9, 7, 0.7778, 0.6667, 4.0, 4, 6), (2025, "kor"): (2, 2, 1.0, 1.0, 9.75, 1, 1),
        (2025, "pol"): (1, 1, 1.0, 1.0, 24.0, 1, 1), (2025, "ase"): (2, 1, 0.5, None, 2.0, 0, 0),
    }  # fmt: skip


def test_every_figure_of_the_safe_harbor_rows_the_fixture_touches(language_run):
    rows = keyed(published(language_run, f"select {SAFE_HARBOR} from language_access_safe_harbor"), 2)
    expected = {(fy, code): (*REFERENCE[code], *YEARS[(fy, code)]) for fy, code in YEARS}
    assert {k: v for k, v in rows.items() if k[1] in REFERENCE} == expected
    # The grid: 12 reference languages x FY2023-FY2025 (2023 holds only a cancelled request). Every
    # other row has no request: 9 requests in FY2024 and 12 in FY2025, less ASL (L09; L19, L24).
    assert len(rows) == 36
    assert {fy for fy, _ in rows} == {2023, 2024, 2025}
    requests = {fy: sum(v[5] for (y, _), v in rows.items() if y == fy) for fy in (2023, 2024, 2025)}
    assert requests == {2023: 0, 2024: 9, 2025: 12}


SPEC_COLUMNS = {
    "language_access_monthly": MONTHLY,
    "language_access_safe_harbor": SAFE_HARBOR,
    "language_access_annual": "fiscal_year, language_code, language_name, requests, fulfilled, fulfillment_rate, "
    "on_time_rate, median_response_hours, fulfilled_on_time, fulfilled_with_needed_by",
}
# A requester or staff member, or the request's own id (one request in a cell would name it).
PERSONAL = re.compile(r"request_id|requester|employee|staff|provider|_key$|(^|_)(first|last|full)_name$")


@pytest.mark.parametrize("table", SPEC_COLUMNS)
def test_no_language_table_publishes_a_personal_column(language_run, table):
    columns = [c for (c,) in published(language_run, f"select column_name from (describe {table})")]
    assert [c for c in columns if c != "publish_id"] == SPEC_COLUMNS[table].split(", ")
    assert not [c for c in columns if PERSONAL.search(c)]
    values = {str(v) for row in published(language_run, f"select * from {table}") for v in row}
    assert not {v for v in values if re.fullmatch(r"L[0-9]{2}", v)}
