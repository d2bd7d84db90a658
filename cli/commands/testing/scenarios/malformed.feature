@matching
Feature: A feature file that is not Gherkin
  `fairwire scenarios` refuses it before running anything (exit 2), naming the line.

  Scenario: a scenario
    Given an empty order book for symbol "X" with tick size 1
  this line is not Gherkin
