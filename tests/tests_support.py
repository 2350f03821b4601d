"""Paths shared by the unit tests and the self-tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
