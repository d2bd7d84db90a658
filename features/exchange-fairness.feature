@exchange
Feature: Inbound fairness of an exchange composed from nodes
  Orders travel from each participant's gateway up a tree of proxies to the exchange's sequencer,
  which hands them to the matching engine. fairwire owns the links, the uplinks (a gateway holds
  what its uplink cannot take yet, so bursts queue) and the clocks; the gateways, proxies and
  sequencer are the implementation under test — a vendor may bring only some of the roles, the
  reference's nodes fill the rest. Every verdict is taken at the matching engine, from fairwire's
  own copy of each order and the stamp its gateway's clock gave it on arrival.

  # Rule: spec/exchange/inbound.md "What the harness enforces" — proxies and the sequencer keep
  # timestamp order (within the clocks' 2ε) and every order arrives once.
  Scenario: without LOQ, a tree of three proxies releases orders in timestamp order
    Given an inbound tree of 3 proxies with 3 gateways each
    And inbound links take 5, 40, 12 and 0 µs in turn
    And inbound node clocks within ε = 200 ns of true time
    And each gateway's uplink takes 0, 20 and 5 µs per order in turn
    And gateways heartbeat every 50 µs
    When the participants submit 300 orders in bursts over 2000 µs
    And the session runs
    Then the matching engine gets every order exactly once, in timestamp order
    And no node breaks a heartbeat's promise

  # Rule: inbound.md "What the harness enforces" — the same at depth 3 with 64 gateways.
  Scenario: without LOQ, 64 participants three layers deep keep timestamp order
    Given 64 participants behind inbound proxies with fan-out 4
    And inbound links take 3, 25, 60, 8 and 1 µs in turn
    And inbound node clocks within ε = 500 ns of true time
    And each gateway's uplink takes 10 µs per order in turn
    And gateways heartbeat every 100 µs
    When the participants submit 1000 orders in bursts over 5000 µs
    And the session runs
    Then the matching engine gets every order exactly once, in timestamp order
    And no node breaks a heartbeat's promise

  # Rule: inbound.md "Expected failure: an LOQ below a timestamp merge".
  Scenario: a gateway LOQ below a timestamp merge swaps two orders at one price
    Given an inbound tree of 2 proxies with 1 gateways each
    And gateways run an LOQ with action window 0 around mid price 1000
    And proxies and the sequencer merge by timestamp alone
    And each gateway's uplink takes 30 and 0 µs per order in turn
    When participant 0 bids 996 for 1 lot at 0 µs
    And participant 0 bids 999 for 1 lot at 0 µs
    And participant 1 bids 999 for 1 lot at 10 µs
    And participant 0 bids 1000 for 1 lot at 20 µs
    And participant 1 offers 1000 for 1 lot at 30 µs
    And every gateway sees the mid price move to 999 at 39 µs
    And participant 1 offers 999 for 1 lot at 40 µs
    And the session runs
    Then the trades differ from those of timestamp order
    And at 999 participant 1's bid is filled ahead of participant 0's older one

  # Rule: spec/exchange/loq.md "The correct composition" — class-aware merges keep Appendix I.
  Scenario: the same orders merged class-aware trade exactly like timestamp order
    Given an inbound tree of 2 proxies with 1 gateways each
    And gateways run an LOQ with action window 0 around mid price 1000
    And proxies keep their backlog in an LOQ that keeps the gateways' tags
    And each gateway's uplink takes 30 and 0 µs per order in turn
    When participant 0 bids 996 for 1 lot at 0 µs
    And participant 0 bids 999 for 1 lot at 0 µs
    And participant 1 bids 999 for 1 lot at 10 µs
    And participant 0 bids 1000 for 1 lot at 20 µs
    And participant 1 offers 1000 for 1 lot at 30 µs
    And every gateway sees the mid price move to 999 at 39 µs
    And participant 1 offers 999 for 1 lot at 40 µs
    And the session runs
    Then every order carries the epoch and class its gateway's LOQ gave it
    And the trades equal those of timestamp order

  # Rule: spec/exchange/whole-path.md "The operator's scenario: 1000 participants under a burst".
  Scenario: the whole exchange with 1000 participants stays fair under a burst
    # Market data out through the multicast tree, 1000 seeded algorithms reacting, orders back in
    # through gateways and proxies to the sequencer. Gateways stamp with clocks within ε of true
    # time, so two orders can swap only when generated less than 2ε apart.
    Given the whole exchange with 1000 participants whose gateways send in submit order
    And every inbound node clock within ε = 100 ns of true time
    And each gateway's uplink sends 50 orders per second
    And a burst of 50 ms that multiplies the noise order rate by 10 every 200 ms
    When it trades for 200 ms
    Then orders were processed during the burst
    And every order submitted reached the matching engine
    And no order reaches it behind one generated more than 2ε later
