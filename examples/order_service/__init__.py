"""OrderService, the consumer: it looks up the customer of an order in UserService."""

from examples.order_service.client import User, UserClient
from examples.order_service.orders import Order, OrderService, UnknownCustomer

__all__ = ["Order", "OrderService", "UnknownCustomer", "User", "UserClient"]
