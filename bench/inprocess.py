"""The bench's in-process half: database set-up, query counts, page bytes, content sync.

Also what tests/bench uses to run one short pass of every measured page through the
Flask test client, so the bench cannot rot without anyone noticing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from bench.pages import (
    asset_paths,
    csrf_from,
    login_form,
    measured_pages,
    quiz_page,
    sessions_for,
)
from bench.seed import Seeded, seed
from config import ProductionConfig
from lms import create_app
from lms.extensions import db

REPO = Path(__file__).resolve().parent.parent
GENERATED_COURSES = 20
GENERATED_MODULES = 50  # per course: 1,000 modules in all


def bench_app(url: str, secret_key: str, courses_dir: Path) -> Flask:
    """The app as gunicorn runs it in the bench (production settings, this database)."""

    class BenchConfig(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = url
        SECRET_KEY = secret_key
        COURSES_DIR = str(courses_dir)
        LOGIN_RATE_LIMIT = "1000 per minute"

        @classmethod
        def validate(cls) -> None:
            """Everything is set above; nothing to read from the environment."""

    return create_app(BenchConfig)


def fresh_database(app: Flask) -> None:
    """Drop every table in the app's database and migrate it to the newest revision.

    ``flask db upgrade`` runs in its own process, as an operator runs it (Alembic's
    env.py reconfigures logging, which should not leak into the caller).
    """
    with app.app_context():
        db.session.remove()
        meta = sa.MetaData()
        meta.reflect(db.engine)
        meta.drop_all(db.engine)
        db.engine.dispose()
        url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "FLASK_APP": "wsgi", "STEG_ENV": "development", "DATABASE_URL": url}
    done = subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "flask"), "db", "upgrade"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stderr[-2000:]}")


def prepare(app: Flask, learners: int) -> Seeded:
    """A fresh, migrated database with the courses synced and ``learners`` seeded."""
    from lms.content.sync import sync_courses

    fresh_database(app)
    with app.app_context():
        report = sync_courses(db.session, Path(app.config["COURSES_DIR"]))
        db.session.commit()
        if not report.ok:
            raise RuntimeError(f"the courses do not sync: {report.lines()}")
        seeded = seed(db.session, learners=learners)
        db.session.remove()
    return seeded


@contextmanager
def count_queries(app: Flask):
    """Collect the SQL statements run while the block runs."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def signed_in_clients(app: Flask, seeded: Seeded) -> dict:
    """A test client per session kind, signed in through the login form."""
    clients = {}
    for kind, username in sessions_for(seeded).items():
        client = app.test_client()
        # Over HTTPS, Flask-WTF also checks that a form came from this site.
        client.environ_base["HTTP_REFERER"] = "https://localhost/"
        html = client.get("/login", base_url="https://localhost").get_data(as_text=True)
        response = client.post(
            "/login", data=login_form(username, csrf_from(html)), base_url="https://localhost"
        )
        if response.status_code != 302:
            raise RuntimeError(f"sign-in of {username} failed: HTTP {response.status_code}")
        clients[kind] = client
    return clients


def visit_all(app: Flask, seeded: Seeded) -> dict[str, dict]:
    """Open every measured page twice (warm, then counted) and submit the quiz once.

    Returns, per page, the HTTP status, the queries of the counted visit and its size.
    Requests run outside any app context, each in its own, as under gunicorn.
    """
    clients = signed_in_clients(app, seeded)
    with app.app_context():
        pages = measured_pages(db.session, seeded, app)
    out = {}
    for page in pages:
        client = clients[page.who]
        client.get(page.path, base_url="https://localhost").close()
        with count_queries(app) as statements:
            response = client.get(page.path, base_url="https://localhost")
        out[page.name] = {
            "status": response.status_code,
            "queries": len(statements),
            "bytes": len(response.get_data()),
        }
        response.close()
    learner = clients["learner"]
    module = next(p for p in pages if p.name == "module")
    html = learner.get(module.path, base_url="https://localhost").get_data(as_text=True)
    with app.app_context():
        quiz = quiz_page(db.session, csrf_from(html))
    body = quiz.body + "&token=inprocess-" + str(time.time_ns())
    with count_queries(app) as statements:
        response = learner.post(
            quiz.path,
            data=body,
            content_type="application/x-www-form-urlencoded",
            base_url="https://localhost",
        )
    out["quiz_submit"] = {
        "status": response.status_code,
        "queries": len(statements),
        "bytes": len(response.get_data()),
    }
    return out


def query_counts(app: Flask, seeded: Seeded) -> dict[str, int]:
    """Queries per measured page (the static file runs none)."""
    return {name: page["queries"] for name, page in visit_all(app, seeded).items()}


def page_bytes(app: Flask, seeded: Seeded) -> dict[str, int]:
    """Bytes of the module page: its HTML plus every stylesheet and script it loads."""
    client = signed_in_clients(app, seeded)["learner"]
    with app.app_context():
        module = next(p for p in measured_pages(db.session, seeded, app) if p.name == "module")
    html = client.get(module.path, base_url="https://localhost").get_data()
    sizes = {"html": len(html)}
    for path in asset_paths(html.decode()):
        response = client.get(path, base_url="https://localhost")
        sizes[path] = len(response.get_data())
        response.close()
    sizes["total"] = sum(sizes.values())
    return sizes


def generate_courses(root: Path, courses: int, modules: int) -> int:
    """Write ``courses`` valid courses of ``modules`` modules each under ``root``."""
    tiers = ("bas", "fordjupning", "spets")
    for c in range(courses):
        folder = root / f"bench-{c:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "course.yml").write_text(
            f"id: bench-{c:02d}\ntitle: Benchkurs {c}\nlanguage: nb\nsummary: Generert.\n",
            encoding="utf-8",
        )
        for m in range(modules):
            (folder / f"{m:03d}-m{m}.md").write_text(
                f"---\nid: m{m}\ntitle: Modul {m}\ntier: {tiers[m * 3 // modules]}\n"
                f"minutes: 10\norder: {m + 1}\nobjectives:\n  - Du lærer modul {m}.\n---\n\n"
                f"# Modul {m}\n\nEn tekst om **hygiene** og *omsorg* i modul {m}.\n\n"
                "- Vask hendene.\n- Bruk hansker.\n\n"
                "```quiz\n? Hva er riktig?\n- [x] Dette\n- [ ] Ikke dette\n> Fordi.\n\n"
                "? Velg alle riktige.\n- [x] En\n- [x] To\n- [ ] Tre\n> Begge.\n```\n",
                encoding="utf-8",
            )
    return courses * modules


def sync_timing(
    app: Flask,
    root: Path,
    courses: int = GENERATED_COURSES,
    modules: int = GENERATED_MODULES,
) -> dict:
    """Time ``flask content sync`` of generated modules (beside the real courses), twice."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(app.config["COURSES_DIR"], root)
    count = generate_courses(root, courses, modules)
    runner = app.test_cli_runner()
    timings = []
    outputs = []
    for _ in range(2):
        started = time.perf_counter()
        result = runner.invoke(args=["content", "sync", str(root)])
        timings.append(round(time.perf_counter() - started, 3))
        if result.exit_code != 0:
            raise RuntimeError(f"content sync failed: {result.output}")
        outputs.append(result.output.strip().splitlines()[-1][:200])
    return {"modules": count, "first_s": timings[0], "resync_s": timings[1], "output": outputs}
