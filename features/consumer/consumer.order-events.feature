@consumer:NotificationService @provider:OrderService
Feature: NotificationService hears from OrderService when an order is placed
  OrderService publishes an event on the "orders" topic for every order placed;
  NotificationService emails the customer from it, so it needs the order's id,
  the customer's email and the items.

  Scenario: An order was placed
    Given the provider is in the state "an order with id 1 exists"
    When the provider publishes the message "an order was placed"
    And the message has the JSON body:
      """
      {
        "orderId": {{ integer(1) }},
        "customerEmail": {{ regex("alice@example.com", "[^@ ]+@[^@ ]+") }},
        "items": {{ each_like("book", min=1) }},
        "placedAt": {{ datetime("2024-05-01T10:00:00", format="yyyy-MM-dd'T'HH:mm:ss") }}
      }
      """
    And the message has the metadata:
      | topic | orders |
    When NotificationService receives the message
    Then it emails "alice@example.com" about order 1
