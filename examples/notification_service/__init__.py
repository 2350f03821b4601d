"""NotificationService: tells customers by email that their order was placed, from OrderService's events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Email:
    """An email to send."""

    to: str
    subject: str


class NotificationService:
    """Turns OrderService's events into emails."""

    def __init__(self) -> None:
        self.outbox: list[Email] = []

    def on_order_placed(self, event: dict[str, Any], topic: str) -> Email:
        """Handle an "order placed" event from the `orders` topic."""
        if topic != "orders":
            msg = f"an order event on the topic {topic!r}"
            raise ValueError(msg)
        items = ", ".join(str(item) for item in event["items"])
        email = Email(str(event["customerEmail"]), f"Order {int(event['orderId'])} placed: {items}")
        self.outbox.append(email)
        return email
