Feature: Animal_Service keeps the promises of its interop pact

  Background:
    Given the provider "Animal_Service" is started with "{python} -m examples.interop Animal_Service --port {port}"
    And the provider sets up its states at "/_pact/provider_states"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
