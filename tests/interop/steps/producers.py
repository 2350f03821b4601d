"""The interop providers' message producers (examples/interop/messages.py), registered by description."""

from __future__ import annotations

from contracts_bdd import message_producer
from examples.interop.messages import PRODUCERS

for description, produce in PRODUCERS.items():
    message_producer(description)(produce)
