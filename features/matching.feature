Feature: Price-time priority matching
  The engine fills an incoming order against the best price first and, at one price, the order
  that rested first; a trade is at the resting (maker) order's price. IOC orders never rest,
  FOK orders fill completely or not at all, a modify that increases size loses priority, and an
  account never trades with itself when it asks for self-trade prevention.

  Background:
    Given an empty order book for symbol "X" with tick size 1

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

  Scenario: self-trade prevention cancels the newest order instead of trading with oneself
    When these commands are applied:
      | id | account | side | price | quantity | stp           |
      | s1 | m1      | sell | 100   | 1        |               |
      | b1 | m1      | buy  | 100   | 1        | cancel-newest |
    Then no trade happens
    And order "b1" is cancelled to prevent a self-trade
    And the bid side of the book is empty
