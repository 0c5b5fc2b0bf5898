"""Supervisors follow their own units."""
