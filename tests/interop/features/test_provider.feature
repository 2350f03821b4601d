Feature: test_provider keeps the promises of its interop pact

  Background:
    Given the provider "test_provider" is started with "{python} -m examples.interop test_provider --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
