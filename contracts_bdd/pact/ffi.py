"""The one door to pact-python: every module that calls it imports `pact` and `pact_ffi` from here.

The Rust core reports usage to a server outside this machine unless told not to,
so `PACT_DO_NOT_TRACK` is set before pact-python is first imported.
"""

from __future__ import annotations

import os

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

import pact
import pact_ffi
from pact import xml as pact_xml
from pact.interaction import HttpInteraction
from pact.match import AbstractMatcher
from pact.match.matcher import IntegrationJSONEncoder

__all__ = ["AbstractMatcher", "HttpInteraction", "IntegrationJSONEncoder", "pact", "pact_ffi", "pact_xml"]
