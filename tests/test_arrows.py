"""The arrows of docs/architecture.md: content → models → learn/tiers → proof → supervise.

Read from the source with ``ast`` (no imports run), so a backward import fails here
with the file that made it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LMS = ROOT / "lms"

# Rooms in the order data flows; a room may import only from rooms at or before it.
RANK = {
    "content": 0,
    "models": 1,
    "learn": 2,
    "tiers": 2,
    "proof": 3,
    "supervise": 4,
    "admin": 4,
    "cards": 4,
}
# Where content meets the database: the sync (and its CLI) writes the models.
AT_MODELS = {"lms.content.sync", "lms.content.cli"}
# Pure leaves a room to the left may use (see "side doors" in docs/architecture.md).
SIDE_DOORS = {("lms.tiers.awards", "lms.proof.codes"), ("lms.learn.routes", "lms.proof.transcript")}


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "lms" and parts[1] in RANK else None


MODULES = {_name(p): _imports(p) for p in sorted(LMS.rglob("*.py"))}
# Modules that define pages: they create a blueprint or add routes to one.
VIEWS = {
    _name(p)
    for p in LMS.rglob("*.py")
    if "Blueprint(" in (text := p.read_text(encoding="utf-8")) or "@bp." in text
}


def test_the_probe_reads_imports():
    assert "lms.models" in MODULES["lms.learn.services"]
    assert _room("lms.proof.codes") == "proof"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _room(m)))
def test_no_room_imports_a_room_downstream(module):
    here = "models" if module in AT_MODELS else _room(module)
    backwards = sorted(
        target
        for target in MODULES[module]
        if _room(target)
        and RANK[_room(target)] > RANK[here]
        and not any(target.startswith(door) for src, door in SIDE_DOORS if src == module)
    )
    assert not backwards, f"{module} imports downstream: {backwards}"


def test_services_and_cores_import_no_views():
    assert {"lms.learn.routes", "lms.proof.routes", "lms.health"} <= VIEWS
    for module, targets in MODULES.items():
        if module == "lms" or module in VIEWS:
            continue  # the app factory registers them; views may share a blueprint
        views = sorted(t for t in targets if t in VIEWS or t.rpartition(".")[0] in VIEWS)
        assert not views, f"{module} imports views: {views}"


def test_the_content_format_uses_no_database_or_flask():
    for module, targets in MODULES.items():
        if _room(module) != "content" or module in AT_MODELS:
            continue
        outside = sorted(
            t
            for t in targets
            if t.split(".")[0] in ("flask", "sqlalchemy", "flask_sqlalchemy")
            or (t.startswith("lms.") and not t.startswith("lms.content"))
        )
        assert not outside, f"{module} imports {outside}"


def test_services_take_a_session_and_never_reach_for_the_app():
    services = [m for m in MODULES if m.endswith(".services")]
    assert {"lms.auth.services", "lms.learn.services", "lms.supervise.services"} <= set(services)
    for module in services:
        reach = sorted(
            t
            for t in MODULES[module]
            if t.split(".")[0] == "flask" or t.startswith("lms.extensions")
        )
        assert not reach, f"{module} imports {reach}"
