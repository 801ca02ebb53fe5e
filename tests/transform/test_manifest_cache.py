"""`make run` parses the dbt project only when it changed (dbt_runtime.prepare_manifest): a refresh with
nothing new pays no dbt start-up."""

from equity_pipeline import dbt_runtime


def test_the_manifest_is_parsed_again_only_when_the_project_changed(monkeypatch) -> None:
    manifest = dbt_runtime.prepare_manifest()
    stamp = manifest.with_name("manifest.digest")
    assert stamp.read_text(encoding="utf-8") == dbt_runtime.project_digest()
    written = manifest.stat().st_mtime_ns
    assert dbt_runtime.prepare_manifest().stat().st_mtime_ns == written  # unchanged project: no parse
    monkeypatch.setattr(dbt_runtime, "project_digest", lambda project_dir=None: "an edited project")
    assert dbt_runtime.prepare_manifest().stat().st_mtime_ns > written  # parsed again
    assert stamp.read_text(encoding="utf-8") == "an edited project"
    monkeypatch.undo()
    dbt_runtime.prepare_manifest()  # leave the stamp true for the session's other tests


def test_the_digest_covers_the_projects_files_not_dbts_output(tmp_path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.sql").write_text("select 1", encoding="utf-8")
    before = dbt_runtime.project_digest(tmp_path)
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "dbt.log").write_text("...", encoding="utf-8")
    assert dbt_runtime.project_digest(tmp_path) == before
    (tmp_path / "models" / "a.sql").write_text("select 2", encoding="utf-8")
    assert dbt_runtime.project_digest(tmp_path) != before


def test_the_dbt_resource_knows_the_version_dbt_version_prints() -> None:
    # The resource no longer runs `dbt --version` each run: what it assumes must be what that prints.
    import re
    import subprocess

    from equity_pipeline.defs.transform import dbt_resource

    printed = subprocess.run([str(dbt_runtime.DBT_EXECUTABLE), "--version"], capture_output=True, text=True).stdout
    core = re.search(r"installed:\s*(\d+\.\d+\.\d+)", printed)
    assert core, printed
    assert str(dbt_resource()._cli_version) == core.group(1) == "1.11.16"
