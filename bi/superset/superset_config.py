"""Superset settings for the Equity dashboard (SUPERSET_CONFIG_PATH points here; `make dashboard` sets it).

Everything Superset writes lives under EQUITY_SUPERSET_HOME (`<EQUITY_WAREHOUSE_DIR>/superset/`, set by
equity_pipeline.bi): the sqlite metadata database and the SECRET_KEY generated there once. Nothing here
reaches the internet: the server is local, and the browser is kept from loading anything off this host.
"""

import os
from pathlib import Path

HOME = Path(os.environ["EQUITY_SUPERSET_HOME"])

# Generated once by equity_pipeline.bi into the warehouse folder (never committed): it signs sessions and
# encrypts connection secrets in the metadata database, so it must stay the same across restarts.
SECRET_KEY = (HOME / "secret_key").read_text().strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{HOME / 'superset.db'}"
DATA_DIR = str(HOME)

# The PyPI wheel's front end renders Scarf's tracking pixel unconditionally: the SCARF_ANALYTICS switch is
# read when the front end is built (process.env.SCARF_ANALYTICS in TelemetryPixel), not at run time. What we
# control at run time is the Content-Security-Policy: it allows images, scripts, styles, fonts and fetches
# from this server only, so the browser never sends the pixel's request (nor map tiles, Google Fonts, or
# documentation images Superset's default policy allows).
SELF = ["'self'"]
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": SELF,
        "default-src": SELF,
        "img-src": [*SELF, "blob:", "data:"],
        "worker-src": [*SELF, "blob:"],
        "connect-src": SELF,
        "object-src": "'none'",
        "style-src": [*SELF, "'unsafe-inline'"],
        "font-src": SELF,
        "script-src": [*SELF, "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
TALISMAN_DEV_CONFIG = TALISMAN_CONFIG
CONTENT_SECURITY_POLICY_WARNING = False
# A theme may name font URLs to fetch (Google Fonts by default allowed): none here.
THEME_FONT_URL_ALLOWED_DOMAINS: list[str] = []

# No example data (it downloads from GitHub), no thumbnails or reports (they need Celery and a browser).
SQLALCHEMY_EXAMPLES_URI = None
FEATURE_FLAGS = {
    "THUMBNAILS": False,
    "ALERT_REPORTS": False,
    "EMBEDDED_SUPERSET": False,
    "DASHBOARD_RBAC": False,
    # The "newest fiscal year" charts filter with a subquery on the same published table.
    "ALLOW_ADHOC_SUBQUERY": True,
}
# The published file is the only data source; readers cannot upload into it or run DML on it.
PREVENT_UNSAFE_DB_CONNECTIONS = True
# No cache: the published tables are small (queries answer in milliseconds), and a new publication shows at once.
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
# Local only (127.0.0.1): no rate limiting of logins or requests.
RATELIMIT_ENABLED = False
AUTH_RATE_LIMITED = False
LOG_LEVEL = "WARNING"
