"""Small helpers shared by tests: read right answers, pass modules, write courses."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Course, Module


def stored_module(course_slug: str, module_slug: str) -> Module:
    """The stored Module row of a synced course."""
    return db.session.scalar(
        sa.select(Module).join(Course).where(Course.slug == course_slug, Module.slug == module_slug)
    )


def right_answers(mod: Module) -> dict[str, list[str]]:
    """Form data with every question answered correctly."""
    return {f"q{q['key']}": [o["key"] for o in q["options"] if o["correct"]] for q in mod.quiz}


def wrong_answers(mod: Module) -> dict[str, list[str]]:
    """Form data with every question answered wrongly (one wrong option each)."""
    data = {}
    for q in mod.quiz:
        wrong = [o["key"] for o in q["options"] if not o["correct"]]
        data[f"q{q['key']}"] = wrong[:1] or [q["options"][0]["key"]]
    return data


def form_token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def submit_quiz(client, mod: Module, answers: dict, token: str | None = None):
    """GET the module page for a fresh token, then POST the answers like the form does."""
    url = f"/courses/{mod.course.slug}/{mod.slug}"
    if token is None:
        token = form_token(client.get(url).get_data(as_text=True))
    data = {"token": token, "content_hash": mod.content_hash, **answers}
    return client.post(f"{url}/quiz", data=data)


def pass_module(client, mod: Module):
    if mod.quiz:
        response = submit_quiz(client, mod, right_answers(mod))
    else:
        response = client.post(f"/courses/{mod.course.slug}/{mod.slug}/read")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def write_course(root: Path, folder: str, files: dict[str, str]) -> Path:
    """Write a course folder from {relative path: text} (dedented)."""
    base = root / folder
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return base


def module_md(
    mid: str,
    tier: str = "bas",
    *,
    order: int | None = None,
    quiz: bool = True,
    body: str = "Tekst.",
    minutes: int = 10,
) -> str:
    order_line = f"order: {order}\n" if order is not None else ""
    quiz_block = (
        "\n```quiz\n? Hva er riktig?\n- [x] Dette\n- [ ] Ikke dette\n> Fordi.\n\n"
        "? Velg alle riktige.\n- [x] En\n- [x] To\n- [ ] Tre\n> Begge.\n```\n"
        if quiz
        else ""
    )
    return (
        f"---\nid: {mid}\ntitle: Modul {mid}\ntier: {tier}\nminutes: {minutes}\n{order_line}"
        f"objectives:\n  - Du lærer {mid}.\n---\n\n# Modul {mid}\n\n{body}\n{quiz_block}"
    )
