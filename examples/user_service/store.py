"""UserService's storage: a SQLite file named by `USER_SERVICE_DB`."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path


def database_path() -> Path:
    """The database file: `$USER_SERVICE_DB`, else one in the temp folder."""
    return Path(os.environ.get("USER_SERVICE_DB") or Path(tempfile.gettempdir()) / "user-service.sqlite3")


def _connect() -> sqlite3.Connection:
    connection = sqlite3.connect(database_path(), timeout=5)
    connection.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT, email TEXT)")
    return connection


def find_user(user_id: int) -> dict[str, object] | None:
    """The user with `user_id` as a dict, or None."""
    with closing(_connect()) as connection:
        row = connection.execute("SELECT id, name, email FROM users WHERE id = ?", (user_id,)).fetchone()
    return None if row is None else {"id": row[0], "name": row[1], "email": row[2]}


def save_user(user_id: int, name: str, email: str) -> None:
    """Create or replace a user."""
    with closing(_connect()) as connection, connection:
        connection.execute("INSERT OR REPLACE INTO users (id, name, email) VALUES (?, ?, ?)", (user_id, name, email))


def delete_user(user_id: int) -> None:
    """Remove a user if present."""
    with closing(_connect()) as connection, connection:
        connection.execute("DELETE FROM users WHERE id = ?", (user_id,))
