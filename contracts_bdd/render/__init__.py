"""Pact -> feature: render any pact file as a feature in this vocabulary."""
