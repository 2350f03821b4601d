"""The interop provider features: contracts-bdd's hooks."""

from contracts_bdd.hooks import after_all, after_feature, after_scenario, before_all, before_scenario, before_step

__all__ = ["after_all", "after_feature", "after_scenario", "before_all", "before_scenario", "before_step"]
