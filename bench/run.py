"""``make bench``: seed, serve under gunicorn on loopback, drive with wrk, report.

Every throughput figure is taken beside a baseline in the same run (a static file from
the same gunicorn, the module page's own p95), because absolute figures on a shared
machine move from run to run. Runs on SQLite always and on PostgreSQL when
``BENCH_DATABASE_URL`` is set (that database is emptied first). Writes
bench/results/latest.json and prints a table: measure, value, target, met?

Environment: BENCH_DATABASE_URL, BENCH_SECONDS (per wrk run, default 5), BENCH_LEARNERS
(default 10000), BENCH_PORT (default 5116; the next two ports are used too),
BENCH_REDIS_PORT (default 6391), BENCH_CONNECTIONS (default 8).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

import sqlalchemy as sa

from bench import inprocess
from bench.client import Client
from bench.pages import (
    COURSE_SLUG,
    STATIC_URL,
    Page,
    csrf_from,
    measured_pages,
    quiz_page,
    right_answers,
    sessions_for,
)
from bench.seed import Seeded

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
WRK_DIR = REPO / "bench" / "wrk"
SECRET_KEY = "bench-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
VENV_BIN = Path(sys.executable).parent

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "10000"))
PORT = int(os.environ.get("BENCH_PORT", "5116"))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6391"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- gunicorn and wrk -------------------------------------------------------------------


class Gunicorn:
    """gunicorn serving wsgi:app on 127.0.0.1:port in production mode; stopped on exit."""

    def __init__(self, url: str, port: int, workers: int, extra_env: dict | None = None):
        self.port = port
        env = {
            **os.environ,
            "STEG_ENV": "production",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": url,
            # Production refuses to start without the public origin (proof URLs).
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "LOGIN_RATE_LIMIT": "1000 per minute",
            **(extra_env or {}),
        }
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "gunicorn"),
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=REPO,
            env=env,
        )

    def __enter__(self) -> Gunicorn:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {self.port} exited early")
            with contextlib.suppress(OSError):
                status, _ = Client(self.port).get("/healthz")
                if status == 200:
                    return self
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not answer /healthz")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wrk(port: int, page: Page, cookie: str, seconds: float = SECONDS, **kw) -> dict:
    """Drive one page with wrk; requests per second, latency percentiles (ms), errors."""
    script = WRK_DIR / ("quiz.lua" if page.method == "POST" else "report.lua")
    args = kw.get("script_args") or ([page.path, page.body] if page.method == "POST" else [])
    if kw.get("script"):
        script = WRK_DIR / kw["script"]
    command = [
        shutil.which("wrk") or "wrk",
        "-t2",
        f"-c{kw.get('connections', CONNECTIONS)}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-H",
        f"Cookie: {cookie}",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{page.path}",
    ]
    if args:
        command += ["--", *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds_run = raw["duration_us"] / 1e6
    if raw["requests"] == 0:
        # Not one answer within the run: the page is slower than the run is long.
        return {"rps": 0.0, "requests": 0, "errors": raw["errors"], "p50_ms": None,
                "p95_ms": None, "p99_ms": None, "note": f"no answer within {seconds}s"}  # fmt: skip
    return {
        "rps": round(raw["requests"] / seconds_run, 1),
        "requests": raw["requests"],
        "errors": raw["errors"],
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
    }


# --- one database: seed, serve, measure -------------------------------------------------


def serve_and_measure(label: str, url: str, app, seeded: Seeded) -> dict:
    """All HTTP measures on one database, with 1 and then 2 workers."""
    with app.app_context():
        from lms.extensions import db

        pages = {p.name: p for p in measured_pages(db.session, seeded, app)}
    out: dict = {"pages": {}}
    for workers in (1, 2):
        with Gunicorn(url, PORT, workers):
            clients = {}
            for kind, username in sessions_for(seeded).items():
                clients[kind] = Client(PORT)
                clients[kind].login(username)
            cookie = {kind: c.cookie_header() for kind, c in clients.items()}
            module, static = pages["module"], pages["static"]
            for page in (static, module):  # warm up: first requests compile and connect
                wrk(PORT, page, cookie["learner"], seconds=1)
            pairs = []
            for _ in range(2):
                s = wrk(PORT, static, cookie["learner"])
                m = wrk(PORT, module, cookie["learner"])
                pairs.append({"static": s, "module": m, "ratio": round(m["rps"] / s["rps"], 3)})
                log(f"{label} w{workers}: static {s['rps']} req/s, module {m['rps']} req/s")
            out[f"w{workers}"] = {
                "pairs": pairs,
                "module_rps": round(sum(p["module"]["rps"] for p in pairs) / 2, 1),
                "static_rps": round(sum(p["static"]["rps"] for p in pairs) / 2, 1),
                "ratio": round(sum(p["ratio"] for p in pairs) / 2, 3),
                "module_p95_ms": max(p["module"]["p95_ms"] for p in pairs),
            }
            if workers == 1:
                continue
            _, html = clients["learner"].get(module.path)
            with app.app_context():
                from lms.extensions import db

                quiz = quiz_page(db.session, csrf_from(html))
            # Learner pages first, the quiz, then the supervisor pages: a slow page keeps
            # workers busy after wrk stops and would slow whatever is measured next.
            for name, page in [*pages.items(), ("quiz_submit", quiz)]:
                if name in ("static", "module", *_LAST):
                    continue
                out["pages"][name] = _measure(page, cookie[page.who])
                log(f"{label} w2: {name} {out['pages'][name]}")
            for name in _LAST:
                if name in pages:
                    page = pages[name]
                    out["pages"][name] = _measure(page, cookie[page.who])
                    log(f"{label} w2: {name} {out['pages'][name]}")
    out["workers_ratio"] = round(out["w2"]["module_rps"] / out["w1"]["module_rps"], 2)
    return out


_LAST = ("dashboard_50", "dashboard_org", "export_500")


def _measure(page: Page, cookie: str) -> dict:
    """One page: a second of warm-up, then the measured run."""
    wrk(PORT, page, cookie, seconds=1)
    return wrk(PORT, page, cookie)


# --- several processes (PostgreSQL) -----------------------------------------------------


def multi_process(url: str, app, seeded: Seeded) -> dict:
    """Two gunicorn masters, one PostgreSQL, shared Redis limiter storage."""
    try:
        import redis  # noqa: F401
    except ImportError:
        return {"skipped": "the redis Python package is missing (pip install -r requirements.txt)"}
    if not shutil.which("redis-server"):
        return {"skipped": "redis-server is not installed (apt-get install redis-server)"}
    redis_proc = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
    )
    env = {"RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{REDIS_PORT}/0"}
    ports = (PORT + 1, PORT + 2)
    try:
        _wait_port(REDIS_PORT)
        with Gunicorn(url, ports[0], 2, env), Gunicorn(url, ports[1], 2, env):
            return _mixed_and_race(app, seeded, ports)
    finally:
        redis_proc.terminate()
        redis_proc.wait(10)


def _wait_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def _mixed_and_race(app, seeded: Seeded, ports: tuple[int, int]) -> dict:
    from lms.extensions import db
    from lms.models import Course, ModuleProgress, QuizAttempt, TierAward, User

    learner = Client(ports[0])
    learner.login(seeded.learner)
    with app.app_context():
        module_path = [p for p in measured_pages(db.session, seeded, app) if p.name == "module"]
    paths = [module_path[0].path, f"/courses/{COURSE_SLUG}/", "/courses", "/progress", STATIC_URL]
    results: dict[int, dict] = {}

    def drive(port: int) -> None:
        page = Page("mixed", paths[0], "learner")
        results[port] = wrk(port, page, learner.cookie_header(), script="mixed.lua",
                            script_args=paths, connections=4)  # fmt: skip

    threads = [threading.Thread(target=drive, args=(p,)) for p in ports]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log(f"mixed load on two masters: {results}")

    # Parallel submits of the last bas module, across both masters.
    with app.app_context():
        course = db.session.scalar(sa.select(Course).where(Course.slug == COURSE_SLUG))
        bas = [m for m in course.modules if m.tier == "bas" and m.archived_at is None]
        forms = [(m.slug, m.content_hash, right_answers(m), bool(m.quiz)) for m in bas]
        user_id = db.session.scalar(sa.select(User.id).where(User.username == seeded.race_learner))
        course_id, last_id = course.id, bas[-1].id
    racer = Client(ports[0])
    racer.login(seeded.race_learner)
    _, html = racer.get(f"/courses/{COURSE_SLUG}/")
    csrf = csrf_from(html)

    def submit(client: Client, form, token: str) -> int:
        slug, content_hash, answers, has_quiz = form
        base = f"/courses/{COURSE_SLUG}/{slug}"
        if not has_quiz:
            return client.post(f"{base}/read", [("csrf_token", csrf)])[0]
        fields = [("csrf_token", csrf), ("content_hash", content_hash), ("token", token)]
        return client.post(f"{base}/quiz", fields + answers)[0]

    for i, form in enumerate(forms[:-1]):
        assert submit(racer, form, f"race-prep-{i}") == 302
    n = 8
    barrier = threading.Barrier(n)
    statuses: list[int] = []

    def race(i: int) -> None:
        client = Client(ports[i % 2])
        client.cookies = dict(racer.cookies)
        barrier.wait()
        statuses.append(submit(client, forms[-1], f"race-{i:02d}-{time.time_ns()}"))

    threads = [threading.Thread(target=race, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        passes = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ModuleProgress)
            .where(
                ModuleProgress.user_id == user_id,
                ModuleProgress.module_id == last_id,
                ModuleProgress.passed_at.is_not(None),
            )
        )
        awards = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(TierAward)
            .where(
                TierAward.user_id == user_id,
                TierAward.course_id == course_id,
                TierAward.tier == "bas",
            )
        )
        attempts = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.module_id == last_id)
        )
    errors = sum(r["errors"] for r in results.values())
    return {
        "mixed": results,
        "mixed_errors": errors,
        "race_statuses": sorted(statuses),
        "race_passes": passes,
        "race_awards": awards,
        "race_attempts": attempts,
        "ok": errors == 0 and statuses == [302] * n and passes == 1 and awards == 1,
    }


# --- the whole run ----------------------------------------------------------------------


def run_database(label: str, url: str, workdir: Path) -> dict:
    """Seed ``url`` and take every measure on it."""
    started = time.monotonic()
    app = inprocess.bench_app(url, SECRET_KEY, workdir / "courses")
    seeded = inprocess.prepare(app, LEARNERS)
    log(f"{label}: seeded {seeded.counts} in {time.monotonic() - started:.1f} s")
    result: dict = {"seeded": asdict(seeded), "seed_seconds": round(time.monotonic() - started, 1)}
    small_url = (
        f"sqlite:///{workdir / f'small-{label}.sqlite'}" if label == "sqlite" else None
    ) or url
    result["queries"] = inprocess.query_counts(app, seeded)
    if small_url != url:
        small_app = inprocess.bench_app(small_url, SECRET_KEY, workdir / "courses")
        small = inprocess.prepare(small_app, 10)
        result["queries_10"] = inprocess.query_counts(small_app, small)
    result["bytes"] = inprocess.page_bytes(app, seeded)
    result["http"] = serve_and_measure(label, url, app, seeded)
    if label == "postgresql":
        result["multi_process"] = multi_process(url, app, seeded)
        log(f"{label}: several processes {result['multi_process']}")
        # Queries at 10 learners on PostgreSQL: reseed the same database small.
        small = inprocess.prepare(app, 10)
        result["queries_10"] = inprocess.query_counts(app, small)
    result["sync"] = inprocess.sync_timing(app, workdir / "generated")
    log(f"{label}: content sync {result['sync']}")
    return result


def table(results: dict) -> list[dict]:
    """Rows of measure, value, target, met (None when there is no target)."""
    rows: list[dict] = []

    def row(measure, value, target="", met=None):
        rows.append({"measure": measure, "value": value, "target": target, "met": met})

    for label, r in results["databases"].items():
        http = r["http"]
        w1, w2 = http["w1"], http["w2"]
        row(f"{label}: module page / static file, 2 workers", w2["ratio"], ">= 0.5",
            w2["ratio"] >= 0.5)  # fmt: skip
        row(f"{label}: module page / static file, 1 worker", w1["ratio"], ">= 0.5",
            w1["ratio"] >= 0.5)  # fmt: skip
        row(
            f"{label}: module page req/s (1 / 2 workers)",
            f"{w1['module_rps']} / {w2['module_rps']}",
        )
        row(
            f"{label}: static file req/s (1 / 2 workers)",
            f"{w1['static_rps']} / {w2['static_rps']}",
        )
        target = ">= 1.6 (PostgreSQL)" if label == "postgresql" else "(PostgreSQL only)"
        met = http["workers_ratio"] >= 1.6 if label == "postgresql" else None
        row(f"{label}: module page, 2 workers / 1 worker", http["workers_ratio"], target, met)
        module_p95 = w2["module_p95_ms"]
        for name, page in http["pages"].items():
            value = f"{page['rps']} req/s, p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms"
            if page.get("note"):
                value = page["note"]
            if page["errors"]:
                value += f", {page['errors']} errors"
            target, met = "", None
            factor = {"dashboard_50": 3, "dashboard_org": 20}.get(name)
            if factor:
                target = f"p95 <= {factor} x module p95 ({factor * module_p95:.0f} ms)"
                met = page["p95_ms"] is not None and page["p95_ms"] <= factor * module_p95
            row(f"{label}: {name}", value, target, met)
        if "export_500" not in http["pages"]:
            row(f"{label}: export_500", "not measurable yet (no export route)", "", None)
        b = r["bytes"]
        row(f"{label}: module page HTML+CSS+JS bytes", b["total"], "<= 30720", b["total"] <= 30720)
        small, large = r.get("queries_10", {}), r["queries"]
        for name in large:
            same = small.get(name) == large[name] if name in small else None
            row(f"{label}: queries {name} (10 / {LEARNERS} learners)",
                f"{small.get(name, '?')} / {large[name]}", "constant", same)  # fmt: skip
        s = r["sync"]
        row(f"{label}: content sync, {s['modules']} modules, first", f"{s['first_s']} s")
        row(f"{label}: content sync, no-change re-sync", f"{s['resync_s']} s", "< 2 s",
            s["resync_s"] < 2)  # fmt: skip
        if "multi_process" in r:
            mp = r["multi_process"]
            if "skipped" in mp:
                row(f"{label}: two masters + Redis", mp["skipped"], "no errors", None)
            else:
                row(f"{label}: two masters, mixed load errors", mp["mixed_errors"], "0",
                    mp["mixed_errors"] == 0)  # fmt: skip
                row(f"{label}: parallel submits: passes / awards / statuses",
                    f"{mp['race_passes']} / {mp['race_awards']} / {mp['race_statuses']}",
                    "1 / 1 / all 302", mp["ok"])  # fmt: skip
    return rows


def print_table(rows: list[dict]) -> None:
    width = max(len(r["measure"]) for r in rows)
    vwidth = min(60, max(len(str(r["value"])) for r in rows))
    print(f"\n{'measure':<{width}}  {'value':<{vwidth}}  {'target':<24}  met?")
    for r in rows:
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        print(f"{r['measure']:<{width}}  {str(r['value']):<{vwidth}}  {r['target']:<24}  {met}")


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: install it with `apt-get install wrk` (Debian package).")
        return 2
    started = time.monotonic()
    results: dict = {
        "meta": {
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "host": platform.node(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "seconds_per_wrk_run": SECONDS,
            "connections": CONNECTIONS,
            "learners": LEARNERS,
            "quiz_submit_driver": "wrk (lua script POSTing with the session's CSRF token)",
        },
        "databases": {},
    }
    with tempfile.TemporaryDirectory(prefix="steg-bench-") as tmp:
        workdir = Path(tmp)
        shutil.copytree(REPO / "courses", workdir / "courses")
        results["databases"]["sqlite"] = run_database(
            "sqlite", f"sqlite:///{workdir / 'bench.sqlite'}", workdir
        )
        pg = os.environ.get("BENCH_DATABASE_URL")
        if pg:
            results["databases"]["postgresql"] = run_database("postgresql", pg, workdir)
    results["meta"]["seconds"] = round(time.monotonic() - started, 1)
    results["table"] = table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results["table"])
    print(f"\nwrote {RESULTS / 'latest.json'} in {results['meta']['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
