"""The writer's warnings of ``flask content check``: one small course per kind, and JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lms.content.writing import WritingSettings, check_writing
from tests.helpers import write_course

COURSE_YML = "id: demo\ntitle: Demo\nlanguage: nb\nsummary: Et kurs for testene.\n"
EASY = " ".join(["Du vasker hendene før du går inn til en bruker."] * 8)  # ~80 short words


def module(body: str, *, minutes: int = 2, quiz: str = "") -> str:
    """A module whose front matter is lines 1-8; the body starts on line 10."""
    return (
        f"---\nid: intro\ntitle: Intro\ntier: bas\nminutes: {minutes}\n"
        f"objectives:\n  - Du lærer noe.\n---\n\n{body}\n{quiz}"
    )


@pytest.fixture
def cli(runner):
    def invoke(*args: str):
        return runner.invoke(args=["content", "check", *args])

    return invoke


def course(root: Path, files: dict[str, str]) -> Path:
    write_course(root, "demo", {"course.yml": COURSE_YML, **files})
    return root


def warnings_of(root: Path, **settings) -> list[str]:
    return [str(p) for p in check_writing(root, WritingSettings(**settings)).problems]


def test_a_plain_module_gets_no_warning(tmp_path):
    root = course(tmp_path, {"01-intro.md": module(EASY)})
    assert warnings_of(root) == []


def test_hard_text_gets_its_lix_and_three_longest_sentences(tmp_path):
    hard = (
        "Kommunikasjonsutfordringer mellom helsepersonell og pårørende oppstår hyppigst "
        "ved utskrivningssamtaler, legemiddelgjennomganger og tverrfaglige "
        "koordineringsmøter, hvor terminologiforskjeller forsterker misforståelser betydelig. "
    )
    body = "Kort setning.\n\n" + "\n".join([hard.strip()] * 4)
    root = course(tmp_path, {"01-intro.md": module(body, minutes=2)})

    (warning,) = warnings_of(root)

    assert warning.startswith("demo/01-intro.md:10: warning: hard to read: LIX ")
    assert "above 40" in warning
    assert warning.count("line 12 (") == 1 and "line 13 (" in warning and "line 14 (" in warning
    assert "line 10 (" not in warning  # the short sentence is not among the longest


def test_the_lix_threshold_comes_from_the_config(tmp_path, cli, app):
    root = course(tmp_path, {"01-intro.md": module(EASY)})
    app.config["CONTENT_LIX_MAX"] = 5

    result = cli(str(root))

    assert "hard to read: LIX" in result.output and "above 5" in result.output


def test_images_without_alt_text(tmp_path):
    (tmp_path / "demo" / "img").mkdir(parents=True)
    (tmp_path / "demo" / "img" / "a.png").write_bytes(b"png")
    body = EASY + '\n\n![](img/a.png)\n\n![Hender som vaskes](img/a.png)\n\n<img src="img/a.png">\n'
    root = course(tmp_path, {"01-intro.md": module(body)})

    assert warnings_of(root) == [
        "demo/01-intro.md:12: warning: image 'img/a.png' has no alt text; write what it "
        "shows between the brackets: ![what it shows](file)",
        'demo/01-intro.md:16: warning: <img> has no alt text; add alt="what it shows"',
    ]


def test_links_to_markdown_files_that_are_not_modules(tmp_path):
    body = EASY + "\n\nSe [notatene](_utkast.md) og [modulen](01-intro.md).\n"
    root = course(tmp_path, {"01-intro.md": module(body), "_utkast.md": "Ikke ferdig.\n"})

    (warning,) = warnings_of(root)

    assert warning.startswith("demo/01-intro.md:12: warning: link '_utkast.md' goes to a ")
    assert "not a module" in warning


def test_reading_time_far_from_minutes(tmp_path):
    root = course(tmp_path, {"01-intro.md": module(EASY, minutes=60)})

    (warning,) = warnings_of(root)

    assert warning.startswith("demo/01-intro.md:5: warning: minutes: 60, but reading 80 words")
    assert warning.endswith("takes about 1 minute; check the estimate")


def test_questions_without_an_explanation(tmp_path):
    quiz = (
        "```quiz\n? Med forklaring?\n- [x] Ja\n- [ ] Nei\n> Fordi.\n\n"
        "? Uten forklaring?\n- [x] Ja\n- [ ] Nei\n```\n"
    )
    root = course(tmp_path, {"01-intro.md": module(EASY, quiz=quiz)})

    (warning,) = warnings_of(root)

    assert warning.startswith("demo/01-intro.md:17: warning: quiz question 2 has no explanation")


def test_glossary_terms_never_used(tmp_path):
    glossary = (
        "- term: bruker\n  explanation: Den du hjelper.\n"
        "- term: avvik\n  forms: [avviket]\n  explanation: Noe som gikk galt.\n"
    )
    root = course(tmp_path, {"01-intro.md": module(EASY), "glossary.yml": glossary})

    (warning,) = warnings_of(root)

    assert warning.startswith("demo/glossary.yml:3: warning: glossary term 'avvik' is not used")


def test_a_form_of_a_term_counts_as_a_use(tmp_path):
    glossary = "- term: avvik\n  forms: [avviket]\n  explanation: Noe som gikk galt.\n"
    body = EASY + "\n\nSkriv avviket ned.\n"
    root = course(tmp_path, {"01-intro.md": module(body), "glossary.yml": glossary})

    assert warnings_of(root) == []


def test_warnings_do_not_fail_the_check_and_are_grouped_by_file(tmp_path, cli):
    quiz = "```quiz\n? Uten forklaring?\n- [x] Ja\n- [ ] Nei\n```\n"
    root = course(tmp_path, {
        "01-intro.md": module(EASY, quiz=quiz),
        "02-mer.md": module(EASY, minutes=60).replace("id: intro", "id: mer"),
    })  # fmt: skip

    result = cli(str(root))

    assert result.exit_code == 0, result.output
    blocks = result.output.split("\n\n")
    assert blocks[0].startswith("demo/01-intro.md:12: warning: quiz question 1")
    assert blocks[1].startswith("demo/02-mer.md:5: warning: minutes: 60")
    assert "0 errors, 2 warnings" in result.output


def test_json_output_for_tools(tmp_path, cli):
    quiz = "```quiz\n? Uten forklaring?\n- [x] Ja\n- [ ] Nei\n```\n"
    root = course(
        tmp_path, {"01-intro.md": module(EASY, quiz=quiz).replace("tier: bas", "tier: gull")}
    )

    result = cli(str(root), "--format", "json")

    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["errors"] == 1 and document["warnings"] == 1
    (file,) = document["files"]
    assert file["path"] == "demo/01-intro.md"
    assert [(p["line"], p["severity"], p["kind"]) for p in file["problems"]] == [
        (4, "error", "error"),
        (12, "warning", "explanation"),
    ]
    assert file["problems"][0]["message"].startswith("unknown tier 'gull'")


def test_spelling_is_skipped_with_a_note_when_the_dictionary_is_missing(tmp_path):
    root = course(tmp_path, {"01-intro.md": module(EASY)})

    result = check_writing(root, WritingSettings(spelling=True, dictionary_dir=tmp_path / "none"))

    assert result.problems == []
    assert result.notes == [
        f"demo: spelling not checked: {tmp_path / 'none' / 'nb_NO'}.dic is missing "
        "(install hunspell-no)"
    ]


def _dictionary_or_skip(name: str, package: str) -> None:
    if not Path(f"/usr/share/hunspell/{name}.dic").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"/usr/share/hunspell/{name}.dic is missing in CI: install {package}")
        pytest.skip(f"needs the {package} dictionary (apt-get install {package})")


def test_spelling_in_norwegian_with_the_course_word_list(tmp_path, cli):
    _dictionary_or_skip("nb_NO", "hunspell-no")
    body = EASY + "\n\nHusk å skrive i journalen. Bruk glidearket og dosetten riktig.\n"
    root = course(tmp_path, {"01-intro.md": module(body), "words.txt": "# fagord\nglidearket\n"})

    result = cli(str(root), "--spelling")

    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "spelling:" in line]
    assert lines == [
        "demo/01-intro.md:12: warning: spelling: 'dosetten' not in the nb_NO dictionary; "
        "fix it, or add the word to words.txt in the course"
    ]
    assert "spelling:" not in cli(str(root)).output  # only when asked for


def test_spelling_in_swedish(tmp_path):
    _dictionary_or_skip("sv_SE", "hunspell-sv")
    body = " ".join(["Du tvättar händerna innan du går in till en brukare."] * 8)
    body += "\n\nSkriv en avvikelsse i journalen.\n"
    root = course(tmp_path, {"01-intro.md": module(body)})
    (root / "demo" / "course.yml").write_text(COURSE_YML.replace("nb", "sv"))

    assert warnings_of(root, spelling=True) == [
        "demo/01-intro.md:12: warning: spelling: 'avvikelsse' not in the sv_SE dictionary; "
        "fix it, or add the word to words.txt in the course"
    ]
