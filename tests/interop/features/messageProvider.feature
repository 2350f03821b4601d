Feature: messageProvider keeps the promises of its interop pact (pact-php's V3 message pact)

  Background:
    Given the provider "messageProvider" only publishes messages

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
