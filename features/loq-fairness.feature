@loq
Feature: Limit Order Queue fairness (Jasper §5.2, Appendix I)
  A gateway's LOQ classes each order with the mid price M it inferred from market data and the
  action window A: a bid is critical iff price >= M - A, an ask iff price <= M + A. It pops by
  (epoch, critical first, timestamp, participant); the epoch counts mid-price changes.
  Appendix I: when every gateway sees each mid-price change at the same moment, the matching
  engine makes the same trades from the LOQs' output as from all orders in timestamp order.

  # Rule: spec/exchange/loq.md "The queue" (Jasper §5.2) — pop by (epoch, critical first,
  # timestamp, participant); critical: bid >= M - A, ask <= M + A.
  Scenario: the queue pops by (epoch, critical, timestamp, participant) across a mid-price change
    Given a limit order queue with mid price 100 and action window 2
    When these orders are pushed:
      | order | participant | side | price | timestamp |
      | b1    | 1           | bid  | 97    | 1         |
      | a1    | 0           | ask  | 101   | 2         |
      | a2    | 2           | ask  | 104   | 3         |
      | b3    | 1           | bid  | 99    | 3         |
      | b2    | 0           | bid  | 99    | 3         |
    And the gateway sees the mid price change to 103
    And these orders are pushed:
      | order | participant | side | price | timestamp |
      | e2    | 1           | ask  | 105   | 5         |
      | e1    | 0           | bid  | 102   | 4         |
      | e3    | 2           | bid  | 100   | 4         |
    Then the queue pops the orders in this order:
      | order | epoch | class        |
      | a1    | 0     | critical     |
      | b2    | 0     | critical     |
      | b3    | 0     | critical     |
      | b1    | 0     | non-critical |
      | a2    | 0     | non-critical |
      | e1    | 1     | critical     |
      | e2    | 1     | critical     |
      | e3    | 1     | non-critical |

  # Rule: loq.md "The queue" — the epoch counts mid-price changes, not distinct mid prices.
  Scenario: a mid price that comes back to an old value still starts a new epoch
    Given a limit order queue with mid price 100 and action window 0
    When these orders are pushed:
      | order | participant | side | price | timestamp |
      | x1    | 0           | ask  | 102   | 1         |
    And the gateway sees the mid price change to 102
    And the gateway sees the mid price change to 100
    And these orders are pushed:
      | order | participant | side | price | timestamp |
      | y1    | 1           | ask  | 100   | 2         |
    Then the queue pops the orders in this order:
      | order | epoch | class        |
      | x1    | 0     | non-critical |
      | y1    | 2     | critical     |

  # Rule: loq.md "The claim (Appendix I)" — with simultaneous mid-price views, LOQ output trades
  # equal timestamp-order trades.
  Scenario: Appendix I holds when every gateway sees the mid-price change at once
    Given 2 gateways with action window 1 and one-way delays of 1 µs
    And the published mid price is 100 from time 0
    And the published mid price changes to 102 at time 2
    When these orders are generated:
      | order | gateway | side | price | quantity | time |
      | s1    | 1       | ask  | 102   | 1        | 0    |
      | b1    | 1       | bid  | 103   | 1        | 2    |
      | b2    | 0       | bid  | 102   | 1        | 3    |
    Then the trades from the LOQ output equal the trades of timestamp order
    And the trades from the LOQ output are:
      | maker | taker | price | quantity |
      | s1    | b1    | 102   | 1        |

  # Rule: loq.md "The claim" and "The correct composition" (class-aware merge) — a backlog and
  # uneven links change nothing.
  Scenario: Appendix I holds through a gateway backlog and uneven links
    Given 3 gateways with action window 1 and one-way delays of 1, 4 and 2 µs
    And gateway 0 pops at most 0, 0, 0, 0, 2 orders in successive µs, then repeats
    And the published mid price is 100 from time 0
    And the published mid price changes to 98 at time 3
    When these orders are generated:
      | order | gateway | side | price | quantity | time |
      | s1    | 1       | ask  | 103   | 2        | 0    |
      | n0    | 0       | bid  | 97    | 1        | 1    |
      | n1    | 2       | bid  | 97    | 1        | 1    |
      | c0    | 0       | bid  | 98    | 1        | 3    |
      | s2    | 1       | ask  | 97    | 2        | 4    |
      | s3    | 2       | ask  | 97    | 1        | 4    |
    Then the trades from the LOQ output equal the trades of timestamp order
    And the trades of timestamp order are:
      | maker | taker | price | quantity |
      | c0    | s2    | 98    | 1        |
      | n0    | s2    | 97    | 1        |
      | n1    | s3    | 97    | 1        |

  # Rule: loq.md "Expected failure: gateways infer the mid at different times".
  Scenario: the claim fails when one gateway sees the mid-price change late
    # Gateway 0 still files b2 under the old mid (epoch 0, critical): the exchange processes it
    # ahead of every epoch-1 order, so b2 takes s1, which in timestamp order b1 took. (s1, the
    # older non-critical ask, is processed within its epoch: the class-aware merge does not hold
    # it until the next mid change.)
    Given 2 gateways with action window 1 and one-way delays of 1 µs
    And the published mid price is 100 from time 0
    And the published mid price changes to 102 at time 2
    And gateway 0 sees every mid-price change 2 µs late
    When these orders are generated:
      | order | gateway | side | price | quantity | time |
      | s1    | 1       | ask  | 102   | 1        | 0    |
      | b1    | 1       | bid  | 103   | 1        | 2    |
      | b2    | 0       | bid  | 102   | 1        | 3    |
    Then the trades from the LOQ output differ from the trades of timestamp order
    And the trades from the LOQ output are:
      | maker | taker | price | quantity |
      | s1    | b2    | 102   | 1        |
    And the trades of timestamp order are:
      | maker | taker | price | quantity |
      | s1    | b1    | 102   | 1        |
    And the explanation begins:
      """
      b1 (bid 103, t=2, participant 1, critical, epoch 1) and b2 (bid 102, t=3, participant 0, critical, epoch 0)
      reached the engine as b2, b1 because gateway 0 filed b2 under epoch 0 with mid 100 (critical), but its
      timestamp t=3 lies in epoch 1, mid 102 from t=2: gateway 0 saw that change only at t=4
      first trade that changes: timestamp order gives "b1 takes 1 @ 102 from s1", the engine's order "b2 takes 1 @ 102 from s1"
      """

  # Rule: spec/exchange/loq.md "The queue" — critical iff bid >= M - A or ask <= M + A: the edge
  # of the action window is inside it, one tick beyond is not; the same for both sides.
  Scenario Outline: with mid 100 and window 2, <side> <edge> is critical and <side> <beyond> is not
    Given a limit order queue with mid price 100 and action window 2
    When these orders are pushed:
      | order | participant | side   | price    | timestamp |
      | far   | 0           | <side> | <beyond> | 1         |
      | edge  | 1           | <side> | <edge>   | 2         |
    Then the queue pops the orders in this order:
      | order | epoch | class        |
      | edge  | 0     | critical     |
      | far   | 0     | non-critical |

    Examples:
      | side | edge | beyond |
      | bid  | 98   | 97     |
      | ask  | 102  | 103    |

  # Rule: loq.md "The queue" — within an epoch and class, equal timestamps go by participant id,
  # whatever the order the gateway received them in.
  Scenario: equal timestamps pop by participant id, not by arrival
    Given a limit order queue with mid price 100 and action window 1
    When these orders are pushed:
      | order | participant | side | price | timestamp |
      | p2    | 2           | bid  | 100   | 5         |
      | p0    | 0           | bid  | 100   | 5         |
      | p1    | 1           | ask  | 100   | 5         |
    Then the queue pops the orders in this order:
      | order | epoch | class    |
      | p0    | 0     | critical |
      | p1    | 0     | critical |
      | p2    | 0     | critical |
