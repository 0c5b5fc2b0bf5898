"""Tier names and rules, part of the course format: read by the loader and the tier engine."""

from __future__ import annotations

from dataclasses import dataclass

#: The tiers in the order a learner climbs them. Keys are never shown raw in the UI.
TIERS: tuple[str, ...] = ("bas", "fordjupning", "spets")


@dataclass(frozen=True)
class TierRule:
    """What a course asks for one tier.

    ``modules`` is ``None`` for "all modules of this tier", else the minimum number of
    passed modules of this tier. ``meetings`` is the minimum number of attended
    reflection meetings in the course.
    """

    tier: str
    modules: int | None = None
    meetings: int = 0


def default_rules() -> tuple[TierRule, ...]:
    """Rules used when a course lists no tiers: every module of each tier, no meetings."""
    return tuple(TierRule(tier) for tier in TIERS)
