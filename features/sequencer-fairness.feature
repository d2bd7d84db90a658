@sequencer
Feature: Inbound fairness of the exchange's sequencer
  An order generated earlier is processed by the matching engine earlier, whichever participant
  generated it and however long its link takes; equal stamps are broken by participant id
  (A before B before C). Each gateway sends a heartbeat stamped with its clock when its
  participant has been silent for one heartbeat period. Times are in µs; clocks are synchronized.

  # Rule: spec/exchange/sequencer.md "Jasper sequencer" (Jasper §5.1) — release in stamp order.
  Scenario: the older order goes first (older order on the faster link)
    Given 3 participants with one-way delays of 5, 1 and 3 µs and a heartbeat period of 2 µs
    And the exchange runs one Jasper sequencer
    When participant A sends an order stamped 10 and participant B sends an order stamped 9
    Then the matching engine receives B's order before A's

  # Rule: sequencer.md "Jasper sequencer" — an order is released only once every participant has
  # been heard from past its stamp, so link delay never reorders.
  Scenario: an older order on a slow link is not overtaken by a younger one on a fast link
    Given 3 participants with one-way delays of 1, 5 and 3 µs and a heartbeat period of 2 µs
    When participant A sends an order stamped 10 and participant B sends an order stamped 9
    Then the matching engine receives B's order before A's

  # Rule: sequencer.md "Model" — equal stamps are ordered by participant id.
  Scenario: equal stamps are broken by participant id, not by who arrived first
    Given 3 participants with one-way delays of 4, 1 and 2 µs and a heartbeat period of 3 µs
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

  # Rule: sequencer.md "Jasper sequencer" — heartbeats (dummies) only advance a participant's
  # clock; every order is released exactly once.
  Scenario: heartbeats are dropped at release and every order comes out exactly once
    Given 3 participants with one-way delays of 2, 6 and 1 µs and a heartbeat period of 2 µs
    When the participants send these orders:
      | participant | stamped |
      | A           | 3       |
      | C           | 4       |
      | B           | 4       |
      | A           | 9       |
    Then exactly the 4 orders are released, each once, and no heartbeat
    And the matching engine receives the orders in this order:
      | participant | stamped |
      | A           | 3       |
      | B           | 4       |
      | C           | 4       |
      | A           | 9       |

  # Rule: sequencer.md "Jasper sequencer" — liveness: an order leaves within one heartbeat period
  # plus the largest one-way delay of its stamp.
  Scenario: a burst is released within one heartbeat period plus the largest delay
    Given 2 participants with one-way delays of 1 and 3 µs and a heartbeat period of 2 µs
    When the participants send these orders:
      | participant | stamped |
      | A           | 4       |
      | A           | 4       |
      | A           | 4       |
      | A           | 5       |
      | B           | 5       |
      | A           | 6       |
    Then every order is released within 5 µs of its stamp
    And exactly the 6 orders are released, each once, and no heartbeat

  # Rule: sequencer.md "Tree of sequencers" — a tree is one sequencer to the matching engine.
  Scenario: a tree of sequencers releases the same order as one sequencer
    Given 4 participants with one-way delays of 1, 6, 1 and 1 µs and a heartbeat period of 2 µs
    And the exchange runs a tree of sequencers with fan-out 2
    When the participants send these orders:
      | participant | stamped |
      | B           | 10      |
      | A           | 11      |
      | C           | 12      |
      | D           | 13      |
    Then the tree releases the same sequence as one Jasper sequencer
    And the matching engine receives the orders in this order:
      | participant | stamped |
      | B           | 10      |
      | A           | 11      |
      | C           | 12      |
      | D           | 13      |

  # Rule: sequencer.md "CloudEx baseline" — an expected failure: beyond its timeout it is unfair.
  Scenario: the CloudEx baseline becomes unfair when a delay exceeds its timeout
    # The baseline releases the oldest order once it has waited the timeout, without hearing
    # from every participant: A's order, 8 µs on the wire, misses the 4 µs timeout.
    Given 2 participants with one-way delays of 8 and 1 µs and a heartbeat period of 2 µs
    And the exchange runs the CloudEx timeout sequencer with a timeout of 4 µs
    When participant A sends an order stamped 10 and participant B sends an order stamped 12
    Then the release order is unfair: B@12 is released before A@10

  # Rule: sequencer.md "CloudEx baseline" — below its timeout it releases in stamp order.
  Scenario Outline: CloudEx is fair while every delay stays below its timeout (<a> and <b> µs, timeout <timeout> µs)
    Given 2 participants with one-way delays of <a> and <b> µs and a heartbeat period of 2 µs
    And the exchange runs the CloudEx timeout sequencer with a timeout of <timeout> µs
    When participant A sends an order stamped 10 and participant B sends an order stamped 11
    Then the matching engine receives A's order before B's

    Examples:
      | a | b | timeout |
      | 4 | 0 | 5       |
      | 2 | 2 | 3       |
      | 9 | 1 | 10      |

  # Rule: sequencer.md "Jasper sequencer" — stamp order whatever the delays and heartbeat period.
  Scenario Outline: the earlier order wins whatever the delays (<a> and <b> µs, heartbeat <p> µs)
    Given 2 participants with one-way delays of <a> and <b> µs and a heartbeat period of <p> µs
    When participant A sends an order stamped 10 and participant B sends an order stamped 9
    Then the matching engine receives B's order before A's

    Examples:
      | a  | b  | p |
      | 0  | 0  | 1 |
      | 1  | 20 | 3 |
      | 20 | 1  | 3 |
      | 7  | 7  | 5 |
      | 0  | 3  | 2 |
