"""Administration: people, units, staff import, audit log, awards."""
