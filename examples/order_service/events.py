"""OrderService's events: what it publishes on the `orders` topic when an order is placed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from examples.order_service.orders import Order

ORDERS_TOPIC = "orders"


def order_placed(order_id: int, order: Order, placed_at: datetime) -> tuple[dict[str, Any], dict[str, str]]:
    """The "order placed" event and its metadata, as OrderService publishes them."""
    event = {
        "orderId": order_id,
        "customerEmail": order.customer_email,
        "items": list(order.items),
        "placedAt": placed_at.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    return event, {"topic": ORDERS_TOPIC}
