"""Administration: users, roles, awards."""
