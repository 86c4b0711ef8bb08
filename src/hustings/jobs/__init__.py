"""Background work: huey (SQLite storage by default, Redis when configured)."""
