@matching
Feature: A scenario whose step no definition matches
  `fairwire scenarios` runs strict: an undefined step is a failure, never a pass.

  Scenario: a step nobody wrote
    Given an empty order book for symbol "X" with tick size 1
    When the exchange does something no step definition knows about
