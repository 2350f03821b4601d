"""contracts-bdd's steps."""

from contracts_bdd.steps import consumer, provider  # noqa: F401 - importing registers the steps
