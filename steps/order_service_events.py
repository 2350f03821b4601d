"""OrderService as a provider of messages: its states, and its own code making the events."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from contracts_bdd import message_producer, provider_state
from examples.order_service.events import order_placed
from examples.order_service.orders import Order

ORDERS: dict[int, Order] = {}


@provider_state("an order with id {id:d} exists")
def order_exists(id: int) -> None:  # noqa: A002 - the pact's own word
    ORDERS[id] = Order(customer_id=7, customer_email="bob@example.com", items=("pen", "ink"))


@message_producer("an order was placed")
def an_order_was_placed() -> tuple[dict[str, Any], dict[str, str]]:
    order_id, order = next(iter(ORDERS.items()))
    return order_placed(order_id, order, datetime.now(timezone.utc))
