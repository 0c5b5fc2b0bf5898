"""Profile one measured page in-process: ``python -m bench.profile [page] [--learners N]``.

Seeds a temporary SQLite database (or BENCH_DATABASE_URL), signs in, prints the SQL of
one request and the top of a cProfile over many requests of the page.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import inprocess
from bench.pages import measured_pages
from lms.extensions import db

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", nargs="?", default="module")
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="steg-profile-") as tmp:
        shutil.copytree(REPO / "courses", Path(tmp) / "courses")
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/profile.sqlite"
        app = inprocess.bench_app(url, "profile-secret-key-0123456789", Path(tmp) / "courses")
        seeded = inprocess.prepare(app, args.learners)
        clients = inprocess.signed_in_clients(app, seeded)
        with app.app_context():
            page = next(p for p in measured_pages(db.session, seeded, app) if p.name == args.page)
        client = clients[page.who]
        client.get(page.path, base_url="https://localhost")
        with inprocess.count_queries(app) as statements:
            client.get(page.path, base_url="https://localhost")
        for i, statement in enumerate(statements, 1):
            print(f"--- query {i}\n{' '.join(statement.split())[:400]}")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.requests):
            client.get(page.path, base_url="https://localhost")
        profiler.disable()
        elapsed = time.perf_counter() - started
        each = elapsed / args.requests * 1000
        print(f"\n{args.requests} requests of {page.path}: {each:.2f} ms each")
        stats = pstats.Stats(profiler)
        print("Own time by layer:")
        layers = by_layer(stats)
        total = sum(layers.values())
        for layer, seconds in layers.most_common():
            print(f"  {layer:<28} {seconds / total * 100:5.1f} %")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


LAYERS = (
    ("templates (Jinja, MarkupSafe)", ("jinja2", "markupsafe", ".html")),
    ("SQLAlchemy and the driver", ("sqlalchemy", "sqlite3", "psycopg")),
    ("Flask-Login", ("flask_login",)),
    ("Babel", ("flask_babel", "/babel/")),
    ("CSRF and session signing", ("flask_wtf", "itsdangerous", "zlib")),
    ("Flask-Limiter", ("flask_limiter", "/limits/")),
    ("Werkzeug", ("werkzeug",)),
    ("Flask", ("/flask/",)),
    ("Steg (lms/)", ("/lms/",)),
)


def by_layer(stats: pstats.Stats) -> Counter:
    """Own (not cumulative) time per library layer: where a request's CPU goes."""
    out: Counter = Counter()
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():
        where = f"{filename}:{function}"
        layer = next((name for name, keys in LAYERS if any(k in where for k in keys)), "other")
        out[layer] += own
    return out


if __name__ == "__main__":
    main()
