"""Tiers: the pure engine, where a learner stands, and awards recorded once."""
