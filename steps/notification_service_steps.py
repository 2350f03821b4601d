"""NotificationService's own steps: its real handler, given the message contracts-bdd generates."""

from __future__ import annotations

from typing import Any

from behave import then, when

from examples.notification_service import NotificationService


@when("NotificationService receives the message")
def receives_the_message(context: Any) -> None:
    message = context.contracts.message
    context.email = NotificationService().on_order_placed(message.json(), str(message.metadata["topic"]))


@then('it emails "{address}" about order {order_id:d}')
def emails_about_order(context: Any, address: str, order_id: int) -> None:
    assert context.email.to == address, context.email
    assert context.email.subject.startswith(f"Order {order_id} placed"), context.email
