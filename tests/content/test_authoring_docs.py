"""Every example in docs/authoring.md is extracted from the file and checked."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess

import pytest
import yaml

from lms.content import check, load_course
from lms.content.fences import find_fences
from lms.content.writing import check_writing
from tests.conftest import REPO

DOC = REPO / "docs" / "authoring.md"
COURSE_SUFFIXES = (".yml", ".md", ".txt")


def examples() -> list[tuple[str, str, str]]:
    """(language, file name or "", text) of every fenced block in the guide."""
    lines = DOC.read_text(encoding="utf-8").split("\n")
    found = []
    for fence in find_fences(lines):
        words = fence.info.split()
        found.append((words[0] if words else "", words[1] if len(words) > 1 else "",
                      "\n".join(fence.content) + "\n"))  # fmt: skip
    return found


def course_files() -> dict[str, str]:
    return {
        name: text
        for _, name, text in examples()
        if name.endswith(COURSE_SUFFIXES) and "/" not in name
    }


def test_every_block_is_an_example_we_check():
    """A block the tests below do not check would be an example that can rot."""
    for language, name, _ in examples():
        if name:
            assert name.endswith(COURSE_SUFFIXES) or name in {
                "publish.sh",
                ".git/hooks/pre-commit",
                ".github/workflows/courses.yml",
            }, name
        else:
            assert language == "sh", f"unchecked block: {language!r}"


def test_the_course_in_the_guide_passes_the_check_without_warnings(tmp_path):
    files = course_files()
    assert {"course.yml", "01-handhygiene.md", "02-melde-fra.md", "glossary.yml",
            "words.txt"} <= set(files)  # fmt: skip
    course = tmp_path / "trygg-hverdag"
    (course / "img").mkdir(parents=True)
    (course / "img" / "hender.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    for name, text in files.items():
        (course / name).write_text(text, encoding="utf-8")

    assert [str(p) for p in check(tmp_path)] == []
    assert [str(p) for p in check_writing(tmp_path).problems] == []
    spec = load_course(course, tmp_path).spec
    assert [m.tier for m in spec.modules] == ["bas", "fordjupning"]  # an alias in the guide
    assert spec.modules[0].quiz and spec.modules[0].reflections


def test_the_commands_in_the_guide_exist(runner):
    for language, _, text in examples():
        if language != "sh":
            continue
        subprocess.run(["bash", "-n"], input=text, text=True, check=True)  # valid shell
        for line in text.splitlines():
            if "flask" not in line:
                continue
            words = shlex.split(line, comments=True)
            if "content" in words and words[0].endswith("flask"):
                command = words[words.index("content") :]
                result = runner.invoke(args=[*command[:2], "--help"])
                assert result.exit_code == 0, (line, result.output)
                if command[1] == "new":
                    assert runner.invoke(args=[*command[:3], "--help"]).exit_code == 0, line


def test_the_pre_commit_hook_and_ci_run_the_check():
    blocks = {name: text for _, name, text in examples() if name}
    assert "content check courses" in blocks[".git/hooks/pre-commit"]
    workflow = yaml.safe_load(blocks[".github/workflows/courses.yml"])
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("content check courses" in run for run in runs)
    assert any("hunspell-no hunspell-sv" in run for run in runs)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")
def test_the_publish_script_sends_a_request_the_webhook_accepts(app, client, tmp_path):
    """Run the guide's script with a stand-in curl, then replay what it would send."""
    script = tmp_path / "publish.sh"
    script.write_text(dict((n, t) for _, n, t in examples())["publish.sh"])
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    fake_curl = fake_bin / "curl"
    fake_curl.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    fake_curl.chmod(fake_curl.stat().st_mode | stat.S_IEXEC)
    env = {
        **os.environ,
        "PATH": f"{fake_bin}:{os.environ['PATH']}",
        "STEG_URL": "http://localhost",
        "STEG_WEBHOOK_SECRET": "hemmelig-nok-for-test",
    }
    args = subprocess.run(
        ["bash", str(script)], env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    headers = dict(
        a.split(": ", 1) for a, prev in zip(args[1:], args[:-1], strict=True) if prev == "-H"
    )
    body = args[args.index("--data") + 1]
    app.config["CONTENT_WEBHOOK_SECRET"] = "hemmelig-nok-for-test"

    response = client.post("/author/publish", data=body.encode(), headers=headers)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["ok"] is True
