Feature: myAwesomeService keeps the promises of its interop pact

  Background:
    Given the provider "myAwesomeService" is started with "{python} -m examples.interop myAwesomeService --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
