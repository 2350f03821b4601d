Feature: UserService, one scenario per interaction
  Every interaction in pacts/ that names UserService is a scenario of its own, and a
  test case of its own in behave --junit. Re-run one with
  behave features/provider -n "A user who exists".

  Background:
    Given the provider "UserService" is started with "{python} -m examples.user_service --port {port}"

  Scenario Outline: <consumer>: <interaction>
    Then the interaction passes verification

    Examples: the interactions in the pacts
      | consumer | interaction | states |
