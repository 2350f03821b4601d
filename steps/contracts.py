"""contracts-bdd's step vocabulary, for the consumer and the provider features."""

from contracts_bdd.steps import consumer, provider  # noqa: F401 - importing registers the steps
