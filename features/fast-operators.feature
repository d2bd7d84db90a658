@fast
Feature: FAST operators and dictionaries
  Field operators fill in what the sender left out, from a dictionary entry that lives across
  messages: increment adds one to the previous value, copy repeats it. A template-scoped
  dictionary belongs to one template: two templates with a field of the same name keep two
  entries. Templates (features/fast/operator-templates.xml): 10 Counter = N uInt32 increment;
  11 First and 12 Second = Px uInt32 copy, each with dictionary="template".

  Background:
    Given the templates in "features/fast/operator-templates.xml"

  # Rule: FAST 1.1 §6.3.6 — an absent increment field is the previous value plus one; a value
  # sent in the stream becomes the new base.
  Scenario: an absent increment field counts up from the previous value
    When I decode the hex "e0 8a 85  80  a0 94  80"
    Then 4 messages are decoded
    And message 1 field "N" is "5"
    And message 2 field "N" is "6"
    And message 3 field "N" is "20"
    And message 4 field "N" is "21"

  # Rule: FAST 1.1 §6.3.1 — the "template" dictionary scope gives each template its own entries:
  # Second's Px does not overwrite First's.
  Scenario: two templates keep their own template-scoped entries for the same field name
    When I decode the hex "e0 8b e4  e0 8c 87  c0 8b  c0 8c"
    Then 4 messages are decoded
    And message 3 field "Px" is "100"
    And message 4 field "Px" is "7"

  # Rule: FAST 1.1 Appendix 4 R7 — a presence map with a redundant trailing byte (overlong) is
  # reportable, not fatal: its bits are read as sent and the message decodes.
  Scenario: an overlong presence map is read as sent
    When I decode the hex "60 80 8a 85"
    Then 1 message is decoded
    And field "N" is "5"
    And decoding ends without error
    And a "R7" report is made
