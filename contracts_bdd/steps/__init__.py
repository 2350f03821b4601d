"""The step vocabulary. Import it from a module in your project's `steps/` folder::

    from contracts_bdd.steps import consumer, provider  # noqa: F401 - registers the steps

Each step is a few lines: it reduces behave's objects to plain values and
hands them to `context.contracts`. A step of your own that declares contract details
carries `declares_contract` under its `@step`, so the pre-flight reads it too::

    from contracts_bdd.steps import declares_contract
"""

from contracts_bdd.behave.steps.marks import declares_contract

__all__ = ["declares_contract"]
