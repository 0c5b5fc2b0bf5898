"""The tier engine: which tier a learner has reached in one course, from plain data.

Pure: no Flask, no database. The caller gathers the course's tier rules, its modules
(current and archived), the ids of the modules the learner has passed and the number
of reflection meetings the learner attended in the course, and gets back a
:class:`TierResult`.

The engine describes the *current* state of the course. If authors add modules to a
tier after a learner reached it, the engine reports the tier as not reached until the
new modules are passed. Awards (and their certificates) are persisted elsewhere, and
the app keeps a recorded award even when the engine no longer reports the tier;
``evaluate`` never takes an award away by itself.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from lms.content.tier_rules import TIERS, TierRule

__all__ = ["TierModule", "TierResult", "TierStatus", "evaluate"]


@dataclass(frozen=True)
class TierModule:
    """One module of a course as the engine sees it.

    ``module_id`` is the stable slug from the module's front matter; progress is
    matched by it, so a pass recorded against an older content version still counts.
    ``archived`` is true for a module that was removed from the course files.
    """

    module_id: str
    tier: str
    archived: bool = False


@dataclass(frozen=True)
class TierStatus:
    """Where a learner stands on one tier.

    Module counts are over the non-archived modules of this tier only.

    ``missing_modules`` lists, in course order, the modules of this tier the learner
    has not passed yet, as long as more passes are needed. For a ``modules: N`` rule
    the learner may pick any of them; all are listed so the UI can offer the choice.
    It is empty once enough modules are passed (``missing_module_count == 0``).

    ``requirements_met`` looks at this tier's own rule only; ``reached`` also needs
    every offered tier before it to be reached. A tier that is not offered (no
    non-archived modules) has ``requirements_met == reached == False``.
    """

    tier: str
    offered: bool
    reached: bool
    modules_required: int
    modules_passed: int
    meetings_required: int
    meetings_attended: int
    missing_modules: tuple[str, ...]
    missing_module_count: int
    missing_meetings: int
    requirements_met: bool


@dataclass(frozen=True)
class TierResult:
    """The outcome of :func:`evaluate` for one learner in one course.

    ``reached`` is the highest tier reached (``None`` if none), ``tiers`` holds a
    :class:`TierStatus` for every tier in :data:`~lms.content.tier_rules.TIERS` order (offered
    or not), and ``next_tier`` is the first offered tier not yet reached (``None``
    when every offered tier is reached or the course offers none).
    """

    reached: str | None
    tiers: tuple[TierStatus, ...]
    next_tier: str | None

    def status(self, tier: str) -> TierStatus:
        """Return the status of ``tier``; raise ``KeyError`` for an unknown tier."""
        for status in self.tiers:
            if status.tier == tier:
                return status
        raise KeyError(tier)


def evaluate(
    rules: Sequence[TierRule],
    modules: Sequence[TierModule],
    passed: Collection[str],
    meetings_attended: int,
) -> TierResult:
    """Work out which tiers a learner has reached in one course.

    ``rules`` are the course's tier rules; a tier without a rule gets the default
    (every module, no meetings). ``modules`` are all modules of the course, archived
    ones included, in course order. ``passed`` holds the ids of modules the learner
    has passed (ids not in the course are ignored). ``meetings_attended`` counts the
    learner's attended reflection meetings in this course.

    Rules, per the content format:

    * A tier with no non-archived modules is not offered and never reached; the chain
      skips it (a course with bas and spets modules goes bas → spets).
    * An offered tier is reached when its own requirements are met and the offered
      tier before it is reached.
    * ``modules=None`` ("all") needs every non-archived module of the tier passed.
      ``modules=N`` needs at least N of them passed; if the course has shrunk to fewer
      than N non-archived modules, all remaining ones are required instead, so a
      learner is never asked for more modules than exist.
    * Archived modules never count against "all", and their passes do not count
      toward N.
    * ``meetings`` needs ``meetings_attended >= meetings``.

    Raises ``ValueError`` for a rule or module naming an unknown tier, for two rules
    for the same tier, or for a module id listed twice; ``TypeError`` if ``passed``
    is a single string (a common slip that would count its characters as ids).
    """
    if isinstance(passed, str):
        raise TypeError("passed must be a collection of module ids, not a string")
    rule_by_tier = _rules_by_tier(rules)
    active_by_tier = _active_modules_by_tier(modules)
    passed_ids = frozenset(passed)

    statuses: list[TierStatus] = []
    previous_reached = True  # the first offered tier has nothing before it
    for tier in TIERS:
        status = _tier_status(
            rule_by_tier.get(tier, TierRule(tier)),
            active_by_tier[tier],
            passed_ids,
            meetings_attended,
            previous_reached=previous_reached,
        )
        statuses.append(status)
        if status.offered:
            # Only offered tiers link the chain; a tier without modules is skipped.
            previous_reached = status.reached

    reached = [s.tier for s in statuses if s.reached]
    next_tier = next((s.tier for s in statuses if s.offered and not s.reached), None)
    return TierResult(
        reached=reached[-1] if reached else None,
        tiers=tuple(statuses),
        next_tier=next_tier,
    )


def _rules_by_tier(rules: Sequence[TierRule]) -> dict[str, TierRule]:
    by_tier: dict[str, TierRule] = {}
    for rule in rules:
        if rule.tier not in TIERS:
            raise ValueError(f"unknown tier in rules: {rule.tier!r}")
        if rule.tier in by_tier:
            raise ValueError(f"more than one rule for tier {rule.tier!r}")
        by_tier[rule.tier] = rule
    return by_tier


def _active_modules_by_tier(modules: Sequence[TierModule]) -> dict[str, list[str]]:
    by_tier: dict[str, list[str]] = {tier: [] for tier in TIERS}
    seen: set[str] = set()
    for module in modules:
        if module.tier not in TIERS:
            raise ValueError(f"module {module.module_id!r} has unknown tier {module.tier!r}")
        if module.module_id in seen:
            # Progress is keyed by module id, so a duplicate would be counted twice.
            raise ValueError(f"module id listed twice: {module.module_id!r}")
        seen.add(module.module_id)
        if not module.archived:
            by_tier[module.tier].append(module.module_id)
    return by_tier


def _tier_status(
    rule: TierRule,
    active: list[str],
    passed_ids: frozenset[str],
    meetings_attended: int,
    *,
    previous_reached: bool,
) -> TierStatus:
    offered = bool(active)
    unpassed = tuple(module_id for module_id in active if module_id not in passed_ids)
    modules_passed = len(active) - len(unpassed)
    if rule.modules is None:
        modules_required = len(active)
    else:
        # Clamp: a course that lost modules must not ask for more than exist.
        modules_required = max(0, min(rule.modules, len(active)))
    missing_module_count = max(0, modules_required - modules_passed)
    meetings_required = max(0, rule.meetings)
    missing_meetings = max(0, meetings_required - meetings_attended)
    requirements_met = offered and missing_module_count == 0 and missing_meetings == 0
    return TierStatus(
        tier=rule.tier,
        offered=offered,
        reached=requirements_met and previous_reached,
        modules_required=modules_required,
        modules_passed=modules_passed,
        meetings_required=meetings_required,
        meetings_attended=meetings_attended,
        missing_modules=unpassed if missing_module_count else (),
        missing_module_count=missing_module_count,
        missing_meetings=missing_meetings,
        requirements_met=requirements_met,
    )
