"""OrderService: places orders for customers it finds in UserService."""

from __future__ import annotations

from dataclasses import dataclass

from examples.order_service.client import UserClient


class UnknownCustomer(LookupError):
    """The order's customer does not exist in UserService."""


@dataclass(frozen=True)
class Order:
    """An order addressed to its customer."""

    customer_id: int
    customer_email: str
    items: tuple[str, ...]


class OrderService:
    """Places orders after checking the customer exists."""

    def __init__(self, users: UserClient) -> None:
        self.users = users

    def place_order(self, customer_id: int, items: tuple[str, ...]) -> Order:
        """Place an order; raise UnknownCustomer if UserService has no such user."""
        user = self.users.get_user(customer_id)
        if user is None:
            msg = f"no customer with id {customer_id}"
            raise UnknownCustomer(msg)
        return Order(customer_id, user.email, items)
