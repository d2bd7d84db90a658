@multicast
Feature: Outbound fairness of the market-data multicast tree
  Every market-data message should reach every participant at the same time. The exchange sends
  each message down a tree of proxies to one receiver per participant, across a simulated cloud
  network: fairwire owns the links and the clocks; the proxies and receivers are the
  implementation under test (a vendor may bring only its proxies or only its receivers).
  A participant's release time is when its receiver hands the message to the application.

  # Rule: Jasper §4 (notes/fairness.md "Overlay multicast tree"), property
  # multicast.delivery.exactly-once — receivers drop hedged and sprayed duplicates.
  Scenario: every participant gets every message exactly once, whatever the copies
    Given 8 participants behind a tree with fan-out 2 and depth 3
    And links that take 30 µs plus lognormal jitter with a median of 2 µs
    And proxies hedge with H = 1 and spray round-robin
    When the exchange sends 200 messages, one every 50 µs
    Then every participant releases every message exactly once

  # Rule: Jasper §4 — without hold-and-release, link jitter spreads arrivals (its motivation).
  Scenario: released on arrival, market data does not reach the participants together
    Given 16 participants behind a tree with fan-out 4 and depth 2
    And links that take 30 µs plus lognormal jitter with a median of 2 µs
    When the exchange sends 300 messages, one every 50 µs
    Then fewer than 10% of messages reach every participant within 1 µs of each other

  # Rule: Jasper §4 hold-and-release, property multicast.hold-release.within-2eps — releases
  # at the deadline within 2ε; late exactly when the first copy arrived after it.
  Scenario: hold-and-release bounds the spread of releases by 2ε
    Given 16 participants behind a tree with fan-out 4 and depth 2
    And links that take 30 µs plus lognormal jitter with a median of 2 µs
    And clocks synchronized within ε = 100 ns
    And hold-and-release with 10 µs of headroom, receivers reporting their p95 delay every 1 ms
    When the exchange sends 1000 messages, one every 50 µs
    Then every message whose copies all arrived by its deadline is released within 2ε of the deadline by everyone
    And the participants released late are exactly those whose first copy arrived after the deadline
    And at least 90% of messages reach every participant within 1 µs of each other

  # A statement about the design (the reference's nodes report windowed percentiles on a timer),
  # not a requirement of a vendor: a vendor whose deadlines adapt faster may well stay fair here.
  # Rule: spec/multicast.md §3.1 — a straggler under hold-and-release alone (the reference design).
  Scenario: a straggling proxy breaks fairness of the reference tree under hold-and-release
    Given 16 participants behind a tree with fan-out 4 and depth 2
    And the tree runs the reference's nodes
    And links that take 30 µs plus lognormal jitter with a median of 2 µs
    And clocks synchronized within ε = 100 ns
    And hold-and-release with 10 µs of headroom, receivers reporting their p95 delay every 1 ms
    And proxy p1.0 straggles by 100 µs for 2 ms every 10 ms from 10 ms on
    When the exchange sends 1000 messages, one every 50 µs
    Then fewer than 90% of messages reach every participant within 1 µs of each other

  # Rule: spec/multicast.md §3.2, property multicast.routing.hedging — hedging (H = 1) restores
  # fairness around a straggler.
  Scenario: hedging restores fairness around a straggling proxy
    Given 16 participants behind a tree with fan-out 4 and depth 2
    And links that take 30 µs plus lognormal jitter with a median of 2 µs
    And clocks synchronized within ε = 100 ns
    And hold-and-release with 10 µs of headroom, receivers reporting their p95 delay every 1 ms
    And proxy p1.0 straggles by 100 µs for 2 ms every 10 ms from 10 ms on
    And proxies hedge with H = 1
    When the exchange sends 1000 messages, one every 50 µs
    Then at least 90% of messages reach every participant within 1 µs of each other
    And every participant releases every message exactly once
