@matching
Feature: Price-time priority matching
  The engine fills an incoming order against the best price first and, at one price, the order
  that rested first; a trade is at the resting (maker) order's price. IOC orders never rest,
  FOK orders fill completely or not at all, a modify that increases size loses priority, and an
  account never trades with itself when it asks for self-trade prevention.

  Background:
    Given an empty order book for symbol "X" with tick size 1

  # Rule: spec/exchange/matching.md "Matching" — best opposite price first, then the order that
  # rested longest; each trade at the resting (maker) order's price.
  Scenario: best price first, then first come first served, at the maker's price
    When these commands are applied:
      | id | account | side | price | quantity |
      | s1 | m1      | sell | 100   | 2        |
      | s2 | m2      | sell | 100   | 2        |
      | s3 | m3      | sell | 99    | 1        |
      | s4 | m4      | sell | 101   | 5        |
      | b1 | t1      | buy  | 100   | 4        |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s3    | b1    | 99    | 1        |
      | s1    | b1    | 100   | 2        |
      | s2    | b1    | 100   | 1        |
    And the ask side of the book holds, best first and in queue order:
      | id | price | quantity |
      | s2 | 100   | 1        |
      | s4 | 101   | 5        |
    And the bid side of the book is empty

  # Rule: matching.md "Matching" — an IOC remainder expires (`expired` with the unfilled quantity).
  Scenario: an IOC order trades what it can and never rests
    When these commands are applied:
      | id | account | side | price | quantity | tif |
      | s1 | m1      | sell | 100   | 1        |     |
      | s2 | m2      | sell | 102   | 4        |     |
      | b1 | t1      | buy  | 101   | 3        | ioc |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s1    | b1    | 100   | 1        |
    And order "b1" expires with 2 unfilled
    And the bid side of the book is empty

  # Rule: matching.md "Matching" — a FOK that trades cannot fill entirely is accepted then
  # expired, and nothing else changes.
  Scenario: a FOK order that cannot fill completely does not trade at all
    When these commands are applied:
      | id | account | side | price | quantity | tif |
      | s1 | m1      | sell | 100   | 2        |     |
      | s2 | m2      | sell | 101   | 2        |     |
      | b1 | t1      | buy  | 100   | 3        | fok |
    Then no trade happens
    And order "b1" expires with 3 unfilled
    And the ask side of the book holds, best first and in queue order:
      | id | price | quantity |
      | s1 | 100   | 2        |
      | s2 | 101   | 2        |

  # Rule: matching.md "Matching" — a FOK that can fill entirely trades like any order, across levels.
  Scenario: a FOK order that can fill completely fills across levels
    When these commands are applied:
      | id | account | side | price | quantity | tif |
      | s1 | m1      | sell | 100   | 2        |     |
      | s2 | m2      | sell | 101   | 2        |     |
      | b1 | t1      | buy  | 101   | 3        | fok |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s1    | b1    | 100   | 2        |
      | s2    | b1    | 101   | 1        |

  # Rule: matching.md "Commands" modify — a size increase is a cancel-replace (back of the queue,
  # `lost`); same price and quantity <= open keeps the order's place (`kept`).
  Scenario: a modify that increases size loses priority, one that decreases it keeps it
    When these commands are applied:
      | command | id | account | side | price | quantity |
      | new     | s1 | m1      | sell | 100   | 1        |
      | new     | s2 | m2      | sell | 100   | 1        |
      | new     | s3 | m3      | sell | 100   | 3        |
      | modify  | s1 |         |      |       | 3        |
      | modify  | s3 |         |      |       | 2        |
      | new     | b1 | t1      | buy  | 100   | 4        |
    Then modifying "s1" reports priority "lost"
    And modifying "s3" reports priority "kept"
    And these trades happen, in this order:
      | maker | taker | price | quantity |
      | s2    | b1    | 100   | 1        |
      | s3    | b1    | 100   | 2        |
      | s1    | b1    | 100   | 1        |
    And the ask side of the book holds, best first and in queue order:
      | id | price | quantity |
      | s1 | 100   | 2        |

  # Rule: matching.md "Commands" cancel — removes a resting order.
  Scenario: a cancelled order no longer trades
    When these commands are applied:
      | command | id | account | side | price | quantity |
      | new     | s1 | m1      | sell | 100   | 1        |
      | new     | s2 | m2      | sell | 100   | 1        |
      | cancel  | s1 |         |      |       |          |
      | new     | b1 | t1      | buy  | 100   | 2        |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s2    | b1    | 100   | 1        |
    And the bid side of the book holds, best first and in queue order:
      | id | price | quantity |
      | b1 | 100   | 1        |

  # Rule: matching.md "Commands" stp — cancel-newest cancels the incoming order's remainder.
  Scenario: self-trade prevention cancels the newest order instead of trading with oneself
    When these commands are applied:
      | id | account | side | price | quantity | stp           |
      | s1 | m1      | sell | 100   | 1        |               |
      | b1 | m1      | buy  | 100   | 1        | cancel-newest |
    Then no trade happens
    And order "b1" is cancelled to prevent a self-trade
    And the bid side of the book is empty

  # Rule: matching.md "Matching" — within a price, the order that rested longest trades first,
  # on either side of the book.
  Scenario Outline: at one price the <book> side fills in arrival order
    When these commands are applied:
      | id | account | side       | price | quantity |
      | r1 | m1      | <resting>  | 100   | 2        |
      | r2 | m2      | <resting>  | 100   | 2        |
      | r3 | m3      | <resting>  | 100   | 2        |
      | t1 | t1      | <incoming> | 100   | 3        |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | r1    | t1    | 100   | 2        |
      | r2    | t1    | 100   | 1        |
    And the <book> side of the book holds, best first and in queue order:
      | id | price | quantity |
      | r2 | 100   | 1        |
      | r3 | 100   | 2        |

    Examples:
      | book | resting | incoming |
      | ask  | sell    | buy      |
      | bid  | buy     | sell     |

  # Rule: matching.md "Matching" — a limit GTC remainder rests at its own price after trading.
  Scenario: a large order fills what rests and its remainder rests at its limit
    When these commands are applied:
      | id | account | side | price | quantity |
      | s1 | m1      | sell | 100   | 2        |
      | s2 | m2      | sell | 101   | 1        |
      | b1 | t1      | buy  | 101   | 5        |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s1    | b1    | 100   | 2        |
      | s2    | b1    | 101   | 1        |
    And the book then holds bids "b1 2@101" and asks "nothing"

  # Rule: matching.md "Matching" — a partial fill does not cost a resting order its place: the
  # order that rested longest keeps trading first until it is filled.
  Scenario: a partly filled resting order keeps its place in the queue
    When these commands are applied:
      | id | account | side | price | quantity |
      | s1 | m1      | sell | 100   | 5        |
      | s2 | m2      | sell | 100   | 1        |
      | b1 | t1      | buy  | 100   | 2        |
      | b2 | t2      | buy  | 100   | 4        |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s1    | b1    | 100   | 2        |
      | s1    | b2    | 100   | 3        |
      | s2    | b2    | 100   | 1        |
    And the book then holds bids "nothing" and asks "nothing"

  # Rule: matching.md "Matching" — IOC: trade what is available at the limit, expire the rest,
  # never rest; the same for buyers and sellers.
  Scenario Outline: an IOC <side> for 3 with <available> available at <resting price> trades <traded> and expires <unfilled>
    When these commands are applied:
      | id | account | side       | price           | quantity    | tif |
      | r1 | m1      | <opposite> | <resting price> | <available> |     |
      | t1 | t1      | <side>     | 100             | 3           | ioc |
    Then order "t1" trades <traded> lots in total
    And order "t1" expires with <unfilled> unfilled
    And the <own book> side of the book is empty

    Examples:
      | side | opposite | own book | resting price | available | traded | unfilled |
      | buy  | sell     | bid      | 100           | 1         | 1      | 2        |
      | sell | buy      | ask      | 100           | 1         | 1      | 2        |
      | buy  | sell     | bid      | 101           | 5         | 0      | 3        |
      | sell | buy      | ask      | 99            | 5         | 0      | 3        |

  # Rule: matching.md "Matching" — FOK: all or nothing; when it cannot fill entirely nothing
  # trades and the book is unchanged; the same for buyers and sellers.
  Scenario Outline: a FOK <side> for 3 with <available> available trades <traded>
    When these commands are applied:
      | id | account | side       | price | quantity    | tif |
      | r1 | m1      | <opposite> | 100   | <available> |     |
      | t1 | t1      | <side>     | 100   | 3           | fok |
    Then order "t1" trades <traded> lots in total
    And order "t1" expires with <unfilled> unfilled
    And order "r1" trades <traded> lots in total

    Examples:
      | side | opposite | available | traded | unfilled |
      | buy  | sell     | 2         | 0      | 3        |
      | sell | buy      | 2         | 0      | 3        |
      | buy  | sell     | 3         | 3      | 0        |
      | sell | buy      | 4         | 3      | 0        |

  # Rule: matching.md "Commands" stp — the incoming order's mode applies when it meets a resting
  # order of its own account: cancel-newest cancels the incoming remainder, cancel-oldest the
  # resting order (and goes on), cancel-both both, decrement-and-cancel reduces both by the
  # smaller open quantity without a trade (and goes on). Never a trade with oneself.
  Scenario Outline: self-trade prevention <stp> stops an account trading with itself
    When these commands are applied:
      | id | account | side | price | quantity | stp   |
      | s1 | m1      | sell | 100   | 2        |       |
      | b1 | m1      | buy  | 100   | 3        | <stp> |
    Then no trade happens
    And self-trade prevention cancels "<cancels>"
    And the book then holds bids "<bids>" and asks "<asks>"

    Examples:
      | stp                  | cancels                           | bids     | asks     |
      | cancel-newest        | b1 (3 lots)                       | nothing  | s1 2@100 |
      | cancel-oldest        | s1 (2 lots)                       | b1 3@100 | nothing  |
      | cancel-both          | s1 (2 lots) and b1 (3 lots)       | nothing  | nothing  |
      | decrement-and-cancel | s1 (2 lots) and b1 (2 lots, 1 left) | b1 1@100 | nothing  |

  # Rule: matching.md "Commands" stp — cancel-oldest removes only the account's own resting
  # order; the incoming order goes on trading with other accounts in priority order.
  Scenario: after cancelling its own resting order, an order still trades with others
    When these commands are applied:
      | id | account | side | price | quantity | stp           |
      | s1 | m1      | sell | 100   | 1        |               |
      | s2 | m2      | sell | 100   | 1        |               |
      | b1 | m1      | buy  | 100   | 2        | cancel-oldest |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s2    | b1    | 100   | 1        |
    And self-trade prevention cancels "s1 (1 lot)"
    And the book then holds bids "b1 1@100" and asks "nothing"

  # Rule: matching.md "Commands" modify — same price and quantity <= open keeps the place; a
  # size increase or a price change is a cancel-replace at the back of the queue.
  Scenario Outline: a modify <change> <priority> the order's place
    When these commands are applied:
      | command | id | account | side | price   | quantity   |
      | new     | s1 | m1      | sell | 100     | 2          |
      | new     | s2 | m2      | sell | 100     | 2          |
      | modify  | s1 |         |      | <price> | <quantity> |
      | new     | b1 | t1      | buy  | 101     | 1          |
    Then modifying "s1" reports priority "<priority>"
    And these trades happen, in this order:
      | maker   | taker | price | quantity |
      | <first> | b1    | 100   | 1        |

    Examples:
      | change                            | price | quantity | priority | first |
      | to the same size                  |       | 2        | kept     | s1    |
      | down to 1 lot                     |       | 1        | kept     | s1    |
      | up to 3 lots                      |       | 3        | lost     | s2    |
      | that repeats its own price        | 100   | 2        | kept     | s1    |

  # Rule: matching.md "Commands" modify — a price change re-enters the order at its new price:
  # improved to the best price it trades first there; one that now crosses trades at once.
  Scenario: a modify to a better price moves the order to that price
    When these commands are applied:
      | command | id | account | side | price | quantity |
      | new     | s1 | m1      | sell | 102   | 1        |
      | new     | s2 | m2      | sell | 100   | 1        |
      | modify  | s1 |         |      | 99    | 1        |
      | new     | b1 | t1      | buy  | 100   | 1        |
    Then modifying "s1" reports priority "lost"
    And these trades happen, in this order:
      | maker | taker | price | quantity |
      | s1    | b1    | 99    | 1        |
    And the book then holds bids "nothing" and asks "s2 1@100"

  # Rule: matching.md "Commands" modify — a cancel-replace that now crosses matches first, as
  # the taker, at the resting order's price.
  Scenario: a modify that crosses the spread trades at once
    When these commands are applied:
      | command | id | account | side | price | quantity |
      | new     | b1 | m1      | buy  | 99    | 2        |
      | new     | s1 | m2      | sell | 101   | 1        |
      | modify  | s1 |         |      | 99    | 1        |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | b1    | s1    | 99    | 1        |
    And the book then holds bids "b1 1@99" and asks "nothing"

  # Rule: matching.md "Matching" — an IOC remainder expires: it is gone, and cannot trade later
  # as a resting order, whatever the engine's book shows.
  Scenario: an expired IOC remainder never trades later
    When these commands are applied:
      | id | account | side | price | quantity | tif |
      | s1 | m1      | sell | 100   | 1        |     |
      | b1 | t1      | buy  | 101   | 3        | ioc |
      | s2 | m2      | sell | 100   | 1        |     |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s1    | b1    | 100   | 1        |
    And order "b1" expires with 2 unfilled
    And the book then holds bids "nothing" and asks "s2 1@100"

  # Rule: matching.md "Commands" stp and modify — a modified order is the same order of the same
  # account: self-trade prevention still applies to it.
  Scenario: a modified order still belongs to its account for self-trade prevention
    When these commands are applied:
      | command | id | account | side | price | quantity | stp           |
      | new     | s1 | m1      | sell | 101   | 2        |               |
      | modify  | s1 |         |      | 100   | 1        |               |
      | new     | b1 | m1      | buy  | 100   | 1        | cancel-newest |
    Then no trade happens
    And self-trade prevention cancels "b1 (1 lot)"
    And the book then holds bids "nothing" and asks "s1 1@100"

  # Rule: matching.md "Commands" — ids are any non-empty strings, unique among resting orders:
  # "constructor" or "__proto__" are ids like any other.
  Scenario: order ids that look like programming words are ordinary ids
    When these commands are applied:
      | id          | account | side | price | quantity |
      | constructor | m1      | sell | 100   | 1        |
      | __proto__   | t1      | buy  | 100   | 1        |
    Then these trades happen, in this order:
      | maker       | taker     | price | quantity |
      | constructor | __proto__ | 100   | 1        |
