"""``--format github`` and ``--format sarif`` of ``fix`` and ``verify``: GitHub's
workflow-command syntax at the ``def backwards`` line, and SARIF 2.1.0 checked
against the OASIS schema (vendored in tests/schemas) with jsonschema."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import run_southgen
from review_helpers import example_copy, fix_records, risk_categories
from verify_helpers import DEVSET, replace_backwards

from southgen.annotations import Finding, Rule, github_lines
from southgen.reader import read_migration

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
# ::level file=F,line=L,title=T::message  (no line, and no file, for project-wide findings)
COMMAND = re.compile(
    r"^::(error|warning|notice) (?:file=([^,]*),line=(\d+),)?title=([^,:]*)::(.*)$")


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("SOUTHGEN_FIX_CACHE", str(tmp_path_factory.mktemp("cache")))


def _unescape(text: str) -> str:
    return (text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def _annotations(stdout: str) -> list[tuple[str, str | None, int | None, str, str]]:
    out = []
    for line in stdout.splitlines():
        match = COMMAND.match(line)
        assert match, line
        level, path, number, title, message = match.groups()
        out.append((level, path and _unescape(path), int(number) if number else None,
                    _unescape(title), _unescape(message)))
    return out


def _expected_line(path: Path) -> int:
    """Where a reviewer should look: ``def backwards``, or the class when it has none."""
    migration = read_migration(path)
    line = migration.backwards.first_line if migration.backwards else migration.class_line
    text = path.read_text().splitlines()[line - 1].strip()
    assert text.startswith(("def backwards", "class Migration")), text
    return line


def _broken_project(tmp_path: Path) -> Path:
    """The legacy blog and crm sets with one unreadable migration."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("blog", "legacy"):
        shutil.copytree(example_copy(tmp_path, name, legacy=True), project / name)
    bad = project / "legacy" / "crm" / "migrations" / "0006_add_vip_flag_raw.py"
    bad.write_text(bad.read_text().replace("def forwards(self, orm):", "def forwards(self, orm)"))
    return project


def test_fix_github_annotates_each_migration_and_risk_at_def_backwards(tmp_path) -> None:
    project = _broken_project(tmp_path)
    records = fix_records(project)
    proc = run_southgen("fix", str(project), "--check", "--format", "github", cwd=tmp_path)
    assert proc.returncode == 2  # an error beats "changes needed"
    annotations = _annotations(proc.stdout)
    titles = {"fix": "southgen: would fix", "review": "southgen: to review",
              "error": "southgen: error"}
    levels = {"fix": "warning", "review": "warning", "error": "error"}
    flagged = [r for r in records if r["action"] != "ok"]
    assert {r["action"] for r in flagged} == {"fix", "review", "error"}
    main = [a for a in annotations if a[3] in titles.values()]
    assert len(main) == len(flagged)
    for record, (level, path, line, title, message) in zip(flagged, main):
        assert (project / Path(path).relative_to("project")).samefile(record["path"])
        assert title == titles[record["action"]]
        assert level == levels[record["action"]]
        assert message.startswith(record["message"])
        if record["action"] == "error":
            assert line == record["line"]
        else:
            assert line == _expected_line(tmp_path / path)
    risks = [a for a in annotations if a[3] not in titles.values()]
    expected = [(f"southgen: {kind}", r["path"]) for r in flagged
                for kind in _categories_in_order(r)]
    assert [(a[3], str(tmp_path / a[1])) for a in risks] == expected
    assert {a[0] for a in risks} <= {"warning", "notice"}


def _categories_in_order(record: dict) -> list[str]:
    return ["guarded" if r["kind"] == "review" and r["message"].startswith("guarded:")
            else r["kind"] for r in record["risks"]]


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    """GitHub's toolkit escapes % CR LF in the message, and : , too in properties."""
    rule = Rule("r", "R", "summary")
    text = github_lines([Finding(rule, "warning", "odd,name:1.py", 7, "a: b, c",
                                 "100% sure\r\nsecond line")])
    assert text == ("::warning file=odd%2Cname%3A1.py,line=7,title=a%3A b%2C c::"
                    "100%25 sure%0D%0Asecond line\n")
    assert github_lines([Finding(rule, "error", None, None, "t", "m")]) == "::error title=t::m\n"


def _validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_fix_sarif_is_valid_sarif_2_1_0_pointing_at_the_files(tmp_path) -> None:
    project = _broken_project(tmp_path)
    records = fix_records(project)
    proc = run_southgen("fix", str(project), "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 2
    log = json.loads(proc.stdout)
    _validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    flagged = [r for r in records if r["action"] != "ok"]
    assert len(run["results"]) == len(flagged) + sum(len(r["risks"]) for r in flagged)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert (tmp_path / location["artifactLocation"]["uri"]).is_file()
        assert location["region"]["startLine"] >= 1
    kinds = {r["ruleId"] for r in run["results"]}
    expected = {f"risk-{k}" for r in flagged for k in risk_categories(r)}
    assert expected <= kinds
    assert {"backwards-needed", "backwards-differs", "migration-error"} <= kinds


def test_the_schema_check_rejects_a_wrong_log(tmp_path) -> None:
    """The validation above can fail: a level SARIF does not know is refused."""
    project = example_copy(tmp_path, "blog", legacy=True)
    log = json.loads(run_southgen("fix", str(project), "--format", "sarif").stdout)
    log["runs"][0]["results"][0]["level"] = "warn"
    with pytest.raises(jsonschema.ValidationError):
        _validate(log)


def test_clean_project_has_no_annotation_and_an_empty_sarif_run(tmp_path) -> None:
    project = example_copy(tmp_path, "shop", legacy=True)
    assert run_southgen("fix", str(project), "--write", "--all").returncode == 0
    proc = run_southgen("fix", str(project), "--check", "--format", "github")
    assert proc.returncode == 0
    assert proc.stdout == ""
    log = json.loads(run_southgen("fix", str(project), "--format", "sarif").stdout)
    _validate(log)
    assert log["runs"][0]["results"] == []


def test_verify_github_and_sarif_report_the_mismatch_at_def_backwards(tmp_path,
                                                                       legacy_runtime) -> None:  # noqa: ARG001
    project = tmp_path / "project"
    shutil.copytree(DEVSET, project)
    path = project / "blog" / "migrations" / "0002_add_slug.py"
    path.write_text(replace_backwards(path.read_text(), "db.delete_column(u'blog_post', 'slug')\n"
                                      "db.delete_column(u'blog_post', 'reviewer_id')\n"))
    proc = run_southgen("verify", "project", "--format", "github", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    (annotation,) = _annotations(proc.stdout)
    level, file, line, title, message = annotation
    assert (level, file, title) == ("error", "project/blog/migrations/0002_add_slug.py",
                                    "southgen verify: mismatch")
    assert line == _expected_line(path)
    assert "column blog_post.published: left behind by backwards" in message.splitlines()

    proc = run_southgen("verify", "project", "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    _validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "verify-mismatch"
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == line
