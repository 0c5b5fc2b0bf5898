"""The pure cores load without the web stack: checked in a fresh interpreter each time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

HEAVY = ("flask", "sqlalchemy", "flask_sqlalchemy", "lms.models", "jwt", "segno", "weasyprint")


def _modules_after(statement: str) -> set[str]:
    """The names in ``sys.modules`` after running ``statement`` in a new Python process."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "statement",
    [
        "from lms.content import load_courses",
        "import lms.content.load",
        "from lms.tiers.engine import evaluate",
        "from lms.content.tier_rules import TIERS, TierRule",
        "from lms.learn.grading import grade",
    ],
)
def test_a_pure_core_loads_without_flask_sqlalchemy_or_the_models(statement):
    loaded = _modules_after(statement)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_parser_and_the_engine_together_stay_pure():
    loaded = _modules_after("import lms.content.load\nimport lms.tiers.engine")
    for name in ("flask", "sqlalchemy", "lms.models"):
        assert name not in loaded


@pytest.mark.parametrize(
    "package", ["admin", "auth", "cards", "learn", "proof", "supervise", "tiers"]
)
def test_importing_a_package_runs_no_flask_code(package):
    loaded = _modules_after(f"import lms.{package}")
    assert "flask" not in loaded
    assert f"lms.{package}.routes" not in loaded


def test_the_check_itself_sees_flask_when_a_blueprint_is_imported():
    # Guards the guard: the same probe does report the web stack when it is loaded.
    loaded = _modules_after("from lms.learn.routes import bp")
    assert {"flask", "sqlalchemy", "lms.models"} <= loaded
