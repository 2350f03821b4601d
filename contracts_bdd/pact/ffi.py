"""The one door to pact-python: every module that calls it imports `pact` and `pact_ffi` from here.

The Rust core reports usage to a server outside this machine unless told not to,
so `PACT_DO_NOT_TRACK` is set before pact-python is first imported.
"""

from __future__ import annotations

import os

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

import pact
import pact_ffi
from pact.interaction import AsyncMessageInteraction, HttpInteraction, SyncMessageInteraction

__all__ = ["AsyncMessageInteraction", "HttpInteraction", "SyncMessageInteraction", "pact", "pact_ffi"]
