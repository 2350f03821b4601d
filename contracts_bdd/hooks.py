"""behave hooks: call these from your project's `environment.py` (they live in `contracts_bdd.behave.hooks`).

The simplest `environment.py` re-exports them::

    from contracts_bdd.hooks import after_all, after_scenario, before_all, before_scenario, before_step
"""

from __future__ import annotations

from contracts_bdd.behave.hooks import (
    after_all,
    after_feature,
    after_scenario,
    before_all,
    before_scenario,
    before_step,
)

__all__ = ["after_all", "after_feature", "after_scenario", "before_all", "before_scenario", "before_step"]
