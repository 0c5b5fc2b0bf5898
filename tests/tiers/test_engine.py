"""Table-driven tests for the pure tier engine."""

from __future__ import annotations

import pytest

from lms.content.tier_rules import TIERS, TierRule, default_rules
from lms.tiers.engine import TierModule, evaluate


def course(spec: str) -> tuple[TierModule, ...]:
    """Build modules from ``"bas: a b ~z; spets: f"`` (``~`` marks an archived module)."""
    modules = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        tier, ids = part.split(":")
        for module_id in ids.split():
            archived = module_id.startswith("~")
            modules.append(TierModule(module_id.lstrip("~"), tier.strip(), archived))
    return tuple(modules)


FULL = "bas: a b; fordjupning: c d e; spets: f"
FORD_2 = (TierRule("bas"), TierRule("fordjupning", modules=2), TierRule("spets"))
FORD_2_MEET_1 = (TierRule("fordjupning", modules=2, meetings=1),)

# id, course, rules, passed, meetings attended, expected reached, expected next tier
REACHED_CASES = [
    ("empty-course", "", (), set(), 0, None, None),
    ("empty-course-with-meetings", "", FORD_2, {"a"}, 5, None, None),
    ("nothing-passed", FULL, (), set(), 0, None, "bas"),
    ("all-bas-passed", FULL, (), {"a", "b"}, 0, "bas", "fordjupning"),
    ("all-bas-one-missing", FULL, (), {"a"}, 0, None, "bas"),
    ("default-rules-same-as-no-rules", FULL, default_rules(), {"a", "b"}, 0, "bas", "fordjupning"),
    ("all-fordjupning-needs-every-module", FULL, (), {"a", "b", "c", "d"}, 0, "bas", "fordjupning"),
    ("n-rule-enough", FULL, FORD_2, {"a", "b", "c", "e"}, 0, "fordjupning", "spets"),
    ("n-rule-too-few", FULL, FORD_2, {"a", "b", "d"}, 0, "bas", "fordjupning"),
    ("n-rule-more-than-enough", FULL, FORD_2, {"a", "b", "c", "d", "e"}, 0, "fordjupning", "spets"),
    ("everything-reached", FULL, FORD_2, {"a", "b", "c", "d", "f"}, 0, "spets", None),
    ("meetings-missing", FULL, FORD_2_MEET_1, {"a", "b", "c", "d"}, 0, "bas", "fordjupning"),
    ("meetings-met", FULL, FORD_2_MEET_1, {"a", "b", "c", "d"}, 1, "fordjupning", "spets"),
    (
        "meetings-above-required",
        FULL,
        FORD_2_MEET_1,
        {"a", "b", "c", "d"},
        4,
        "fordjupning",
        "spets",
    ),
    (
        "meetings-on-bas-block-the-chain",
        FULL,
        (TierRule("bas", meetings=2),),
        {"a", "b", "c", "d", "e", "f"},
        1,
        None,
        "bas",
    ),
    (
        "tier-order-enforced",
        FULL,
        FORD_2,
        {"a", "b", "c", "f"},  # spets itself is complete, fordjupning is not
        0,
        "bas",
        "fordjupning",
    ),
    ("bas-missing-blocks-everything", FULL, FORD_2, {"a", "c", "d", "f"}, 0, None, "bas"),
    ("no-fordjupning-chain-skips", "bas: a; spets: f", (), {"a", "f"}, 0, "spets", None),
    ("no-fordjupning-bas-only", "bas: a; spets: f", (), {"a"}, 0, "bas", "spets"),
    (
        "no-fordjupning-rule-for-it-ignored",
        "bas: a; spets: f",
        (TierRule("fordjupning", modules=1, meetings=9),),
        {"a", "f"},
        0,
        "spets",
        None,
    ),
    (
        "no-bas-course-starts-at-fordjupning",
        "fordjupning: c; spets: f",
        (),
        {"c"},
        0,
        "fordjupning",
        "spets",
    ),
    ("only-spets", "spets: f g", (), {"f", "g"}, 0, "spets", None),
    ("archived-not-required-for-all", "bas: a b ~z", (), {"a", "b"}, 0, "bas", None),
    (
        "archived-pass-not-counted-for-n",
        "bas: a; fordjupning: c d ~y; spets: f",
        FORD_2,
        {"a", "c", "y"},
        0,
        "bas",
        "fordjupning",
    ),
    (
        "fully-archived-tier-not-offered",
        "bas: a; fordjupning: ~y ~x; spets: f",
        (),
        {"a", "f", "x", "y"},
        0,
        "spets",
        None,
    ),
    ("module-added-after-reaching-bas", "bas: a b new", (), {"a", "b"}, 0, None, "bas"),
    (
        "module-added-after-reaching-spets",
        "bas: a; spets: f new",
        (),
        {"a", "f"},
        0,
        "bas",
        "spets",
    ),
    (
        "n-clamped-when-course-shrank",
        "bas: a; fordjupning: c d ~e",
        (TierRule("fordjupning", modules=3),),
        {"a", "c", "d"},
        0,
        "fordjupning",
        None,
    ),
    ("passed-ids-not-in-course-ignored", FULL, (), {"a", "ghost", "old-x"}, 0, None, "bas"),
    ("passed-as-list-with-duplicates", "bas: a b", (), ["a", "b", "a"], 0, "bas", None),
]


@pytest.mark.parametrize(
    ("spec", "rules", "passed", "meetings", "reached", "next_tier"),
    [case[1:] for case in REACHED_CASES],
    ids=[case[0] for case in REACHED_CASES],
)
def test_reached_and_next_tier(spec, rules, passed, meetings, reached, next_tier):
    result = evaluate(rules, course(spec), passed, meetings)
    assert result.reached == reached
    assert result.next_tier == next_tier
    assert tuple(s.tier for s in result.tiers) == TIERS
    # Reached tiers always form an unbroken start of the chain of offered tiers.
    offered = [s.tier for s in result.tiers if s.offered]
    reached_tiers = [s.tier for s in result.tiers if s.reached]
    assert reached_tiers == offered[: len(reached_tiers)]


# id, course, rules, passed, meetings attended, tier, expected fields of its TierStatus
STATUS_CASES = [
    (
        "all-rule-lists-every-unpassed-module",
        "bas: a b c",
        (),
        {"b"},
        0,
        "bas",
        dict(
            offered=True,
            reached=False,
            requirements_met=False,
            modules_required=3,
            modules_passed=1,
            missing_modules=("a", "c"),
            missing_module_count=2,
        ),
    ),
    (
        "all-rule-complete",
        "bas: a b",
        (),
        {"a", "b"},
        0,
        "bas",
        dict(
            reached=True,
            requirements_met=True,
            modules_required=2,
            modules_passed=2,
            missing_modules=(),
            missing_module_count=0,
            missing_meetings=0,
        ),
    ),
    (
        "n-rule-lists-all-choices-in-course-order",
        FULL,
        FORD_2,
        {"d"},
        0,
        "fordjupning",
        dict(
            modules_required=2,
            modules_passed=1,
            missing_modules=("c", "e"),
            missing_module_count=1,
        ),
    ),
    (
        "n-rule-enough-lists-nothing",
        FULL,
        FORD_2,
        {"c", "d"},
        0,
        "fordjupning",
        dict(
            requirements_met=True,
            reached=False,  # bas is not reached
            modules_passed=2,
            missing_modules=(),
            missing_module_count=0,
        ),
    ),
    (
        "meetings-missing-counted",
        FULL,
        (TierRule("fordjupning", modules=2, meetings=3),),
        {"a", "b", "c", "d"},
        1,
        "fordjupning",
        dict(
            requirements_met=False,
            meetings_required=3,
            meetings_attended=1,
            missing_meetings=2,
            missing_module_count=0,
        ),
    ),
    (
        "meetings-met-no-modules-missing-not-negative",
        FULL,
        (TierRule("bas", meetings=1),),
        {"a", "b"},
        5,
        "bas",
        dict(reached=True, meetings_required=1, meetings_attended=5, missing_meetings=0),
    ),
    (
        "not-offered-tier",
        "bas: a; spets: f",
        (),
        {"a", "f"},
        0,
        "fordjupning",
        dict(
            offered=False,
            reached=False,
            requirements_met=False,
            modules_required=0,
            modules_passed=0,
            missing_modules=(),
            missing_module_count=0,
        ),
    ),
    (
        "tier-order-spets-met-but-not-reached",
        FULL,
        FORD_2,
        {"a", "b", "c", "f"},
        0,
        "spets",
        dict(offered=True, requirements_met=True, reached=False, missing_module_count=0),
    ),
    (
        "archived-modules-do-not-count",
        "bas: a ~z ~y",
        (TierRule("bas", modules=2),),
        {"a", "z", "y"},
        0,
        "bas",
        dict(
            modules_required=1,  # clamped: only one module is left
            modules_passed=1,
            reached=True,
            missing_modules=(),
        ),
    ),
    (
        "n-clamped-to-available",
        "fordjupning: c d ~e",
        (TierRule("fordjupning", modules=3),),
        {"c"},
        0,
        "fordjupning",
        dict(modules_required=2, missing_modules=("d",), missing_module_count=1),
    ),
    (
        "module-added-after-reaching",
        "bas: a b new",
        (),
        {"a", "b"},
        0,
        "bas",
        dict(
            reached=False,
            modules_required=3,
            modules_passed=2,
            missing_modules=("new",),
            missing_module_count=1,
        ),
    ),
    (
        "ghost-passes-not-counted",
        "bas: a b",
        (),
        {"a", "gone", "other-course-module"},
        0,
        "bas",
        dict(modules_passed=1, missing_modules=("b",)),
    ),
]


@pytest.mark.parametrize(
    ("spec", "rules", "passed", "meetings", "tier", "expected"),
    [case[1:] for case in STATUS_CASES],
    ids=[case[0] for case in STATUS_CASES],
)
def test_tier_status_fields(spec, rules, passed, meetings, tier, expected):
    status = evaluate(rules, course(spec), passed, meetings).status(tier)
    actual = {field: getattr(status, field) for field in expected}
    assert actual == expected


ERROR_CASES = [
    ("unknown-tier-in-rule", (TierRule("guld"),), "bas: a", set(), ValueError),
    ("duplicate-rule", (TierRule("bas"), TierRule("bas", 1)), "bas: a", set(), ValueError),
    ("unknown-tier-in-module", (), "guld: a", set(), ValueError),
    ("duplicate-module-id", (), "bas: a; spets: a", set(), ValueError),
    ("duplicate-id-archived-and-current", (), "bas: a ~a", set(), ValueError),
    ("passed-given-as-string", (), "bas: a", "a", TypeError),
]


@pytest.mark.parametrize(
    ("rules", "spec", "passed", "error"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_invalid_input_is_refused(rules, spec, passed, error):
    with pytest.raises(error):
        evaluate(rules, course(spec), passed, 0)


def test_status_of_unknown_tier_raises_key_error():
    result = evaluate((), course(FULL), set(), 0)
    with pytest.raises(KeyError):
        result.status("guld")


def test_result_is_immutable():
    result = evaluate((), course(FULL), set(), 0)
    with pytest.raises(AttributeError):
        result.reached = "spets"  # type: ignore[misc]
