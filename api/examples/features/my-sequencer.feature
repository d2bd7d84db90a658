Feature: our sequencer releases orders in the order they were generated
  Our desk's own wording of the rules we sign off, written with fairwire's steps. Times in µs.

  Scenario: an older order on a slow link is not overtaken by a younger one on a fast link
    Given 3 participants with one-way delays of 1, 5 and 3 µs and a heartbeat period of 2 µs
    And the exchange runs one Jasper sequencer
    When participant A sends an order stamped 10 and participant B sends an order stamped 9
    Then the matching engine receives B's order before A's

  Scenario: equal stamps go by participant, never by who arrived first
    Given 3 participants with one-way delays of 4, 1 and 2 µs and a heartbeat period of 3 µs
    And the exchange runs one Jasper sequencer
    When the participants send these orders:
      | participant | stamped |
      | C           | 6       |
      | B           | 6       |
      | A           | 6       |
    Then the matching engine receives the orders in this order:
      | participant | stamped |
      | A           | 6       |
      | B           | 6       |
      | C           | 6       |
    And exactly the 3 orders are released, each once, and no heartbeat

  Scenario: the whole sequencer catalog holds
    When I run the "sequencer" catalog with 50 runs and seed 1
    Then every property holds or fails as expected
