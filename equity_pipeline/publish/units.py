"""The closed vocabulary of units a published column declares (`meta: {unit: ...}` in the marts' yml).

A reader must know what a number counts before comparing it: people (who suppression protects)
are not claims, a share (0.25) is not a percent (25), an hour is not a day. Each published
column names exactly one of these; tests/docs/test_units.py fails on a column without one or with
a word not listed here, so a new unit is a deliberate addition to this table (and its meaning).
No published column holds a 0-100 percentage: proportions are fractions (0.05 = 5%).
"""

from __future__ import annotations

UNITS: dict[str, str] = {
    "people": "distinct persons (employees, board members, residents); the counts suppression protects",
    "count": "a number of things that are not people: claims, cases, requests, seats, sessions, rows",
    "fraction": "a proportion: 0.05 = 5% (shares and rates from 0 to 1; a change may be negative or above 1)",
    "ratio": "one proportion over another; 1.0 = parity (parity index, impact ratio and its interval)",
    "per 200,000 hours": "cases per 200,000 hours worked (OSHA's rate: 100 full-time employees for a year)",
    "per 1,000 people": "a count per 1,000 persons of the row's population",
    "USD": "US dollars, to the cent",
    "days": "calendar days",
    "hours": "hours",
    "minutes": "minutes",
    "words": "words of translated text",
    "z-score": "standard deviations of the test statistic (negative: below the reference)",
    "probability": "a p-value, from 0 to 1",
    "date": "a calendar date (a month is its first day)",
    "fiscal year": "a fiscal year, named by the calendar year it ends in",
    "fiscal quarter": "1 to 4 within the fiscal year",
    "year": "a calendar year",
    "rank": "a position in an order (1 = first)",
    "flag": "true or false",
    "id": "a code or key naming a thing (not a figure)",
    "text": "a name, label or category",
    "see unit": "the row's own `unit` column names it (PVR series: people, sessions, claims, reports, cases, "
    "dollars, or rate per 200,000 hours)",
}
