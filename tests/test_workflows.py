"""The GitHub workflows, read as YAML: what must hold for them to stay safe and useful.

- Every action is pinned to a full commit SHA with its version in a comment (a tag can be
  moved to other code; a SHA cannot). Local reusable workflows (./…) are the repository itself.
- No workflow gets permissions by default (`permissions: {}` at the top) and no checkout
  leaves the token in .git (`persist-credentials: false`).
- The check on every pull request keeps the built site as an artifact for reviewers: after
  the step that builds it, before the tests (so it is there when a test fails, and not when
  the build failed), only the built site directory, for a short time. The pull request
  template tells reviewers that artifact's name.
- The Zensical job only reports (`make zensical`): it may fail without blocking the check, and
  the build that decides stays `make test` (which runs the same gates on the Zensical build).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK = ROOT / ".github" / "workflows" / "check.yml"
TEMPLATE = ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md"
SHA = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)\s*(?:#\s*(\S+))?\s*$")
UPLOAD = "actions/upload-artifact@"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def all_uses(workflow: dict) -> list[str]:
    """Every `uses:` of a workflow: reusable workflows of jobs and actions of steps."""
    found = []
    for job in workflow["jobs"].values():
        if "uses" in job:
            found.append(job["uses"])
        found += [step["uses"] for step in job.get("steps", []) if "uses" in step]
    return found


def make_site_dir(target: str) -> str:
    """The folder `make <target>` builds the site into, read from the Makefile's recipe."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{re.escape(target)}\s*:", line))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    [build] = [line for line in recipe if "mkdocs build" in line]
    words = shlex.split(build)
    if "--site-dir" in words:
        return words[words.index("--site-dir") + 1]
    # mkdocs.yml has !ENV tags that safe_load refuses; site_dir is a plain top-level key.
    configured = re.search(r"^site_dir:\s*['\"]?([^'\"\s#]+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return configured.group(1) if configured else "site"  # MkDocs' default


def test_there_are_workflows():
    assert CHECK in WORKFLOWS and len(WORKFLOWS) >= 2, WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha(path):
    uses = all_uses(load(path))
    assert uses, f"{path.name}: no uses: found"
    remote = [u for u in uses if not u.startswith("./")]
    unpinned = [u for u in remote if not SHA.match(u)]
    assert not unpinned, f"{path.name}: not pinned to a 40-character commit SHA: {unpinned}"
    # The version goes in a comment on the same line, so people (and Dependabot) can read it.
    lines = [USES_LINE.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    comments = {m.group(1): m.group(2) for m in lines if m}
    unnamed = [u for u in remote if not re.fullmatch(r"v\d+(\.\d+)*", comments.get(u) or "")]
    assert not unnamed, f"{path.name}: pinned without a '# vX.Y.Z' comment: {unnamed}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_permissions_by_default_and_no_token_left_in_the_checkout(path):
    workflow = load(path)
    assert workflow.get("permissions") == {}, f"{path.name}: top-level permissions must be {{}}"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} must say which permissions it needs"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert (step.get("with") or {}).get("persist-credentials") is False, \
                    f"{path.name}: job {name}: checkout without persist-credentials: false"


def upload_step() -> tuple[list[dict], int]:
    steps = load(CHECK)["jobs"]["test"]["steps"]
    uploads = [i for i, step in enumerate(steps) if step.get("uses", "").startswith(UPLOAD)]
    assert len(uploads) == 1, f"check.yml: expected one {UPLOAD} step, found {len(uploads)}"
    return steps, uploads[0]


def test_the_check_uploads_the_built_site_for_reviewers():
    steps, at = upload_step()
    upload = steps[at]
    options = upload.get("with") or {}
    builds = [(i, m.group(1)) for i, step in enumerate(steps)
              if (m := re.fullmatch(r"\s*make (build|test)\s*", step.get("run", "")))]
    before = [(i, target) for i, target in builds if i < at]
    assert before, "check.yml: the site is uploaded before any step builds it"
    site_dir = make_site_dir(before[-1][1])
    assert options.get("path", "").rstrip("/") == site_dir.rstrip("/"), \
        f"check.yml uploads {options.get('path')!r}, but `make {before[-1][1]}` builds into {site_dir!r}"
    # Only when the build succeeded: no if: (not `always()`, not `failure()`).
    assert "if" not in upload, f"check.yml: the upload has an if: ({upload['if']!r})"
    assert options.get("if-no-files-found") == "error"
    assert 1 <= int(options.get("retention-days", 0)) <= 30, "keep the preview a short time"
    assert options.get("name"), "the artifact needs a name reviewers can look for"
    assert any(target == "test" for i, target in builds if i > at), "the tests run after the upload"


def test_the_pull_request_template_says_how_to_get_the_preview():
    steps, at = upload_step()
    name = steps[at]["with"]["name"]
    template = TEMPLATE.read_text(encoding="utf-8")
    assert name in template, f"the pull request template does not mention the artifact {name!r}"
    assert "Checks" in template and "Artifacts" in template
    assert "http.server" in template and "localhost:8000" in template


def test_the_zensical_report_does_not_block_the_check():
    jobs = load(CHECK)["jobs"]
    job = jobs["zensical"]
    assert job.get("continue-on-error") is True, "check.yml: the zensical job must not block (continue-on-error: true)"
    runs = [step.get("run", "") for step in job["steps"]]
    assert any(re.search(r"\bmake (--silent )?zensical\b", run) for run in runs), runs
    assert "needs" not in jobs["test"] and all("zensical" not in step.get("run", "") for step in jobs["test"]["steps"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^zensical:", makefile, re.M), "the Makefile has no zensical target"
    assert "requirements-zensical.txt" in makefile
    pins = (ROOT / "requirements-zensical.txt").read_text(encoding="utf-8")
    assert re.search(r"^zensical==\d+\.\d+\.\d+$", pins, re.M), "zensical is not pinned with =="
