"""The live preview's pages (``flask content preview``): registered only on a preview app.

The pages are the author area's previews without sign-in; ``/preview/events`` is a stream
of server-sent events that says ``change`` when any file under the folder changes. The
app itself is built in ``lms.author.preview_server``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from lms.author.preview import course_folders
from lms.author.views import add_preview_routes, preview_or_404

bp = Blueprint("live", __name__)


def _root() -> Path:
    return Path(current_app.config["COURSES_DIR"])


def _open(view):
    return view  # the preview serves one author on their own machine: no sign-in


@bp.get("/")
def index():
    root = _root()
    courses = [preview_or_404(root, folder, current_app.config) for folder in course_folders(root)]
    return render_template("author/live_index.html", courses=courses, root=root)


@bp.get("/courses/<folder>/")
def course(folder: str):
    return redirect(url_for("live.index", _anchor=f"course-{folder}"))


add_preview_routes(bp, _open, _root, live=True)


def snapshot(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under ``root`` (hidden ones aside) with its size and modification time."""
    files = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        try:
            stat = path.stat()
        except OSError:
            continue  # removed while we looked: the next snapshot sees it gone
        files.append((relative.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(files))


def snapshot_id(files: tuple[tuple[str, int, int], ...]) -> str:
    """A short fingerprint of a snapshot, for the page to say which files it shows."""
    return hashlib.sha256(repr(files).encode()).hexdigest()[:16]


@bp.context_processor
def _page_snapshot() -> dict[str, str]:
    """The fingerprint of the files a page is built from (see :func:`changes`)."""
    return {"live_since": snapshot_id(snapshot(_root()))}


def changes(
    root: Path, interval: float, lifetime: float, since: str | None = None
) -> Iterator[str]:
    """Server-sent events: ``change`` after each change under ``root``, for ``lifetime``
    seconds (the browser then reconnects), with a comment line as a heartbeat.

    ``since`` is the fingerprint the page was built from: a file saved between the page
    load and the stream's start is a change too.
    """
    last = snapshot(root)
    yield "retry: 1000\n: watching\n\n"
    if since is not None and since != snapshot_id(last):
        yield "event: change\ndata: reload\n\n"
    deadline = time.monotonic() + lifetime
    beat = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(interval)
        now = snapshot(root)
        if now != last:
            last = now
            yield "event: change\ndata: reload\n\n"
        elif time.monotonic() - beat > 15:
            beat = time.monotonic()
            yield ": still watching\n\n"


@bp.get("/events")
def events():
    config = current_app.config
    stream = changes(
        _root(),
        config["PREVIEW_POLL_SECONDS"],
        config["PREVIEW_STREAM_SECONDS"],
        since=request.args.get("since"),
    )
    return Response(
        stream,
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
