Feature: OrderService publishes the events its consumers' pacts record
  OrderService has no HTTP side here: its events are made by its own code, through the
  producers in steps/order_service_events.py, and checked against every pact that names
  OrderService as provider.

  Scenario: Events made by OrderService's own code
    Given the provider "OrderService" only publishes messages
    When the provider is verified against its pacts
    Then every interaction passes verification
