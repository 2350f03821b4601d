"""The step vocabulary. Import it from a module in your project's `steps/` folder::

    from contracts_bdd.steps import consumer, provider  # noqa: F401 - registers the steps

Each step is a few lines: it reduces behave's objects to plain values and
hands them to `context.contracts`.
"""
