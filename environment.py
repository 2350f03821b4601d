"""behave hooks for this repository's features: contracts-bdd's, plus the example's database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from contracts_bdd import hooks
from contracts_bdd.hooks import after_all, after_scenario, before_scenario, before_step

__all__ = ["after_all", "after_scenario", "before_all", "before_scenario", "before_step"]


def before_all(context: Any) -> None:
    """Give the example UserService a database of its own for this run."""
    os.environ.setdefault("USER_SERVICE_DB", str(Path(tempfile.mkdtemp(prefix="user-service-")) / "users.sqlite3"))
    hooks.before_all(context)
