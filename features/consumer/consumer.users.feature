@consumer:OrderService @provider:UserService
Feature: OrderService reads its customers from UserService
  When OrderService places an order it looks the customer up in UserService,
  so UserService must answer GET /users/<id> with the user's id, name and email,
  or with 404 when there is no such user.

  Scenario: A user who exists
    Given the provider is in the state "a user with id 1 exists"
    And the consumer sends a GET request to "/users/1"
    And the request has the headers:
      | Accept | application/json |
    And the provider responds with status 200
    And the response has the headers:
      | Content-Type | application/json |
    And the response has the JSON body:
      """
      {
        "id": {{ integer(1) }},
        "name": {{ like("Alice") }},
        "email": {{ regex("alice@example.com", "[^@ ]+@[^@ ]+") }}
      }
      """
    When OrderService places an order for customer 1
    Then the order is addressed to "alice@example.com"

  Scenario: A user who does not exist
    Given the provider is in the state "no user with id 42 exists"
    And the consumer sends a GET request to "/users/42"
    And the request has the headers:
      | Accept | application/json |
    And the provider responds with status 404
    And the response has the JSON body:
      """
      {"error": {{ like("User 42 not found") }}}
      """
    When OrderService places an order for customer 42
    Then the order is refused because the customer is unknown
