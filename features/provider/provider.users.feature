Feature: UserService keeps the promises its consumers' pacts record
  The real UserService is started on a free port and every interaction in
  pacts/ that names UserService as provider is replayed against it.

  Scenario: States set up by Python handlers in steps/user_service_states.py
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"
    When the provider is verified against its pacts
    Then every interaction passes verification

  Scenario: States set up by UserService's own state-change endpoint
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"
    And the provider sets up its states at "/_pact/provider_states"
    When the provider is verified against its pacts
    Then every interaction passes verification

  @broker
  Scenario: The pacts a Pact Broker selects (run with --tags=@broker; needs PACT_BROKER_BASE_URL)
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"
    When the provider is verified against the pacts from the broker for:
      | selector           | value |
      | mainBranch         | true  |
      | deployedOrReleased | true  |
    Then every interaction passes verification
