@catalog
Feature: The property catalogs, run from Gherkin
  Operators can put the whole fast-check suite of a component into their own Gherkin: the
  adapter under test is checked against the reference on generated inputs, deterministically
  for a seed. "As expected" means passed, skipped for a capability the adapter does not declare,
  or an expected failure (a documented unfairness of a baseline, observed). A catalog whose every
  property was skipped is not as expected (nothing was checked), nor is a property that did not
  run or whose cases were mostly discarded (not run, vacuous).

  # Rule: every property of the sequencer catalog (properties/sequencer/catalog.ts), as `conform` runs it.
  @sequencer
  Scenario: the sequencer catalog
    When I run the 'sequencer' catalog with 50 runs and seed 7
    Then every property holds or fails as expected
    And property "sequencer.cloudex.unfair-beyond-timeout" is "expected-failure"

  # Rule: every property of the loq catalog (properties/loq/catalog.ts), as `conform` runs it.
  @loq
  Scenario: the LOQ catalog
    When I run the 'loq' catalog with 50 runs and seed 7
    Then every property holds or fails as expected
    And property "loq.fairness.skewed-mid" is "expected-failure"

  # Rule: every property of the matching catalog (properties/matching/catalog.ts), as `conform` runs it.
  @matching
  Scenario: the matching catalog
    When I run the 'matching' catalog with 50 runs and seed 7
    Then every property holds or fails as expected
