"""The deployment files (deploy/): the environment template names every setting, the systemd units say what
the guide relies on, and the credentials wrapper exports a credential. No systemd, nginx or host is started."""

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from equity_pipeline.config import PROJECT_ROOT, VARIABLES

DEPLOY = PROJECT_ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
SERVICES = ("equity-dagster-daemon.service", "equity-dagster-webserver.service")


def unit(path: Path) -> configparser.ConfigParser:
    # systemd allows repeated keys (LoadCredential=): strict=False keeps the last, enough for these checks
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_the_environment_template_names_every_setting() -> None:
    text = (DEPLOY / "equity.env.example").read_text()
    named = set(re.findall(r"^#?(EQUITY_[A-Z0-9_]+)=", text, flags=re.MULTILINE))
    missing = sorted(set(VARIABLES.values()) - named - {"EQUITY_PSEUDONYM_KEY"})
    assert missing == []
    assert "EQUITY_PSEUDONYM_KEY" in text and not re.search(r"^EQUITY_PSEUDONYM_KEY=", text, flags=re.MULTILINE)
    assert {"EQUITY_DAGSTER_POSTGRES_URL", "EQUITY_DAGSTER_COMPUTE_LOGS"} <= named


@pytest.mark.parametrize("name", SERVICES)
def test_the_services_run_as_equity_with_credentials_and_hardening(name: str) -> None:
    service = unit(DEPLOY / "systemd" / name)["Service"]
    assert (service["User"], service["Group"]) == ("equity", "equity")
    assert service["WorkingDirectory"] == "/opt/equity-pipeline"
    assert service["EnvironmentFile"] == "/etc/equity-pipeline/equity.env"
    assert service["Environment"] == "DAGSTER_HOME=/var/lib/equity-pipeline/dagster"
    assert service["ExecStart"].startswith("/opt/equity-pipeline/deploy/bin/with-credentials /opt/equity-pipeline/")
    assert "-w workspace.yaml" in service["ExecStart"]
    assert service["Restart"] == "on-failure"
    assert (service["NoNewPrivileges"], service["ProtectSystem"]) == ("yes", "strict")
    assert "/var/lib/equity-pipeline" in service["ReadWritePaths"].split()
    text = (DEPLOY / "systemd" / name).read_text()
    assert "LoadCredential=EQUITY_PSEUDONYM_KEY:" in text


def test_the_webserver_listens_on_loopback_only() -> None:
    command = unit(DEPLOY / "systemd" / "equity-dagster-webserver.service")["Service"]["ExecStart"].split()
    assert command[command.index("-h") + 1] == "127.0.0.1"
    assert "proxy_pass http://127.0.0.1:3000;" in (DEPLOY / "nginx" / "equity-pipeline.conf").read_text()


def test_the_wrapper_exports_each_credential(tmp_path: Path) -> None:
    (tmp_path / "EQUITY_PSEUDONYM_KEY").write_text("s3cret key\n")
    (tmp_path / "OTHER").write_text("not exported")
    show = 'printf "%s|%s" "$EQUITY_PSEUDONYM_KEY" "${OTHER-}"'
    done = subprocess.run(
        ["sh", str(DEPLOY / "bin" / "with-credentials"), "sh", "-c", show],
        env={"PATH": os.environ["PATH"], "CREDENTIALS_DIRECTORY": str(tmp_path)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout == "s3cret key|"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not on this machine")
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    """Only the install paths, absent here (/opt/equity-pipeline), may be reported: any other line (an unknown
    key or section, a bad value) fails. A unit with a bogus key shows the check can fail."""
    bogus = tmp_path / "bogus.service"
    bogus.write_text("[Service]\nExecStart=/bin/true\nBogusKey=1\n")
    files = [*UNITS, *sorted((DEPLOY / "systemd").glob("*.timer"))]
    for path, must_pass in [*((p, True) for p in files), (bogus, False)]:
        done = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True)
        lines = [
            line
            for line in (done.stdout + done.stderr).splitlines()
            if line.strip() and not re.search(r"Command /opt/equity-pipeline/\S+ is not executable", line)
        ]
        assert (lines == []) is must_pass, f"{path.name}: {lines}"
