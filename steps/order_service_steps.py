"""OrderService's own steps: its real client code, called against the mock server."""

from __future__ import annotations

from typing import Any

from behave import then, when

from examples.order_service import OrderService, UnknownCustomer, UserClient


@when("OrderService places an order for customer {customer_id:d}")
def place_order(context: Any, customer_id: int) -> None:
    service = OrderService(UserClient(context.contracts.mock_url))
    try:
        context.order = service.place_order(customer_id, ("book",))
    except UnknownCustomer as refused:
        context.order_refusal = refused


@then('the order is addressed to "{email}"')
def order_addressed_to(context: Any, email: str) -> None:
    assert context.order.customer_email == email, context.order


@then("the order is refused because the customer is unknown")
def order_refused(context: Any) -> None:
    assert isinstance(getattr(context, "order_refusal", None), UnknownCustomer)
