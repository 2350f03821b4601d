Feature: V4Service keeps the promises of its interop pact

  Background:
    Given the provider "V4Service" is started with "{python} -m examples.interop V4Service --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
