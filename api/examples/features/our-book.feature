Feature: the order book rules our members rely on
  No adapter is named for matching in cucumber.mjs, so these run against fairwire's reference.

  Scenario: an IOC order trades what it can and never rests
    Given an empty order book for symbol "X" with tick size 1
    When these commands are applied:
      | id | account | side | price | quantity | tif |
      | s1 | m1      | sell | 100   | 1        |     |
      | b1 | t1      | buy  | 101   | 3        | ioc |
    Then these trades happen, in this order:
      | maker | taker | price | quantity |
      | s1    | b1    | 100   | 1        |
    And order "b1" expires with 2 unfilled
    And the bid side of the book is empty
