"""The reference example: OrderService (consumer) reads users from UserService (provider)."""
