"""The provider side: the provider's process, state handlers, request filters, verification per interaction."""
