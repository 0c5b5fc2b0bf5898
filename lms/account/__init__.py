"""The learner's own reading preferences: first language for word lists, text size, spacing."""
