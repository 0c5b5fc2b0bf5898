"""``flask content new`` writes files that pass the check; tier keys in the author's language."""

from __future__ import annotations

import pytest

from lms.content import check, load_course
from lms.content.writing import check_writing
from tests.helpers import module_md, write_course

COURSE_YML = "id: demo\ntitle: Demo\nlanguage: nb\nsummary: Et kurs.\n"


@pytest.fixture
def content(runner):
    def invoke(*args: str):
        return runner.invoke(args=["content", *args])

    return invoke


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_new_course_and_module_pass_the_check_as_written(content, courses_dir, language):
    made = content("new", "course", "forflytning", "--title", "Trygg forflytning",
                   "--language", language)  # fmt: skip
    added = content("new", "module", "forflytning", "glideark", "--title", "Glideark",
                    "--tier", "fordypning")  # fmt: skip

    assert made.exit_code == 0, made.output
    assert added.exit_code == 0, added.output
    assert sorted(p.name for p in (courses_dir / "forflytning").iterdir()) == [
        "01-forste-modul.md", "02-glideark.md", "course.yml",
    ]  # fmt: skip
    assert check(courses_dir) == []
    assert check_writing(courses_dir).problems == []
    checked = content("check")
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output
    spec = load_course(courses_dir / "forflytning", courses_dir).spec
    assert [m.tier for m in spec.modules] == ["bas", "fordjupning"]
    assert spec.modules[0].quiz and spec.modules[0].reflections
    assert spec.language == language


def test_new_never_overwrites_and_explains_bad_ids(content, courses_dir):
    assert content("new", "course", "demo").exit_code == 0
    before = (courses_dir / "demo" / "course.yml").read_text()

    again = content("new", "course", "demo", "--title", "Annet")
    bad = content("new", "module", "demo", "Ikke_Gyldig")
    nowhere = content("new", "module", "finnes-ikke", "intro")
    tier = content("new", "module", "demo", "intro", "--tier", "gull")

    assert again.exit_code == 1 and "already exists; nothing was written" in again.output
    assert (courses_dir / "demo" / "course.yml").read_text() == before
    assert bad.exit_code == 1 and "lower-case letters" in bad.output
    assert nowhere.exit_code == 1 and "has no course.yml" in nowhere.output
    assert tier.exit_code == 1 and "unknown tier 'gull'" in tier.output


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("fordypning", "fordjupning"), ("fördjupning", "fordjupning"), ("spiss", "spets")],
)
def test_norwegian_and_swedish_tier_keys_are_aliases(tmp_path, written, canonical):
    yml = COURSE_YML + f"tiers:\n  bas:\n    modules: all\n  {written}:\n    modules: 1\n"
    write_course(tmp_path, "demo", {
        "course.yml": yml,
        "01-a.md": module_md("a"),
        "02-b.md": module_md("b", tier=written),
    })  # fmt: skip

    result = load_course(tmp_path / "demo", tmp_path)

    assert result.ok, [str(p) for p in result.problems]
    assert result.spec.modules[1].tier == canonical
    rule = next(r for r in result.spec.tiers if r.tier == canonical)
    assert rule.modules == 1


def test_a_near_miss_gets_the_nearest_key(tmp_path):
    write_course(tmp_path, "demo", {
        "course.yml": COURSE_YML + "tiers:\n  fordjupnig:\n    modules: 1\n",
        "01-a.md": module_md("a", tier="spetts"),
    })  # fmt: skip

    messages = [str(p) for p in check(tmp_path)]

    assert messages == [
        "demo/01-a.md:4: unknown tier 'spetts' (expected bas, fordjupning or spets); "
        "did you mean 'spets'?",
        "demo/course.yml:6: unknown tier 'fordjupnig' (expected bas, fordjupning or spets); "
        "did you mean 'fordjupning'?",
    ]


def test_an_alias_and_its_key_together_are_a_duplicate(tmp_path):
    yml = COURSE_YML + "tiers:\n  spets:\n    modules: all\n  spiss:\n    modules: all\n"
    write_course(tmp_path, "demo", {"course.yml": yml, "01-a.md": module_md("a", tier="spets")})

    messages = [str(p) for p in check(tmp_path)]

    assert messages == ["demo/course.yml:8: duplicate tier 'spiss' (first on line 6)"]
