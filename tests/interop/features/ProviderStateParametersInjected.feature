Feature: ProviderStateParametersInjected keeps the promises of its interop pact

  Background:
    Given the provider "ProviderStateParametersInjected" is started with "{python} -m examples.interop ProviderStateParametersInjected --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
