@fast
Feature: FAST 1.1 decoding
  A FAST decoder turns bytes into canonical messages, keeping dictionary state across
  messages, and answers bad input with a typed error. The scenarios run against the reference
  decoder, or against any adapter named by FAIRWIRE_ADAPTER (e.g. a vendor module or a mutant).
  A scenario whose templates use a feature the adapter does not declare is skipped (the reason is
  logged), and so is strict mode on any adapter but the reference: the FAST adapter contract has
  no strict option.

  Background:
    Given the templates in "features/fast/templates.xml"

  # Rule: FAST 1.1 §10.6.1 — a nullable integer is encoded as value + 1 (0 is NULL); copy and delta
  # (§6.3.3, §6.3.7) start from their dictionary entries.
  Scenario: A nullable integer is sent as its value plus one
    When I decode the hex "e0 81 85 86 41c2 00e4"
    Then 1 message is decoded
    And field "Seq" is "5"
    And field "Qty" is "5"
    And field "Sym" is "AB"
    And field "Px" is "100"

  # Rule: FAST 1.1 §6.3 — copy repeats the previous value when absent, delta adds to it; the
  # dictionary lives across messages (reset policy none).
  Scenario: NULL, copy and delta carry over to the next message
    When I decode the hex "e0 81 85 86 41c2 00e4  80 86 80 81"
    Then 2 messages are decoded
    And message 2 field "Seq" is "6"
    And message 2 field "Qty" is null
    And message 2 field "Sym" is "AB"
    And message 2 field "Px" is "101"

  # Rule: FAST 1.1 §6.3.7 / spec/fast/canonical.md reset policy — a reset returns dictionaries to
  # undefined, so a delta starts again from its base value 0.
  Scenario: A per-message reset forgets the delta base
    Given the reset policy is "message"
    When I decode the hex "e0 81 85 86 41c2 00e4  e0 81 85 80 41c2 81"
    Then message 2 field "Px" is "1"

  # Rule: FAST 1.1 §6.3.7.3 — a negative subtraction length removes from the front and is sent
  # excess-1 (-1 means remove nothing, prepend).
  Scenario: A negative subtraction length prepends (excess-1)
    When I decode the hex "c0 82 80 4142c3  80 ff d8  80 fe d9"
    Then message 1 field "Note" is "ABC"
    And message 2 field "Note" is "XABC"
    And message 3 field "Note" is "YABC"

  # Rule: FAST 1.1 §6.3.8 — a tail replaces the end of the base; one at least as long replaces all.
  Scenario: A tail longer than its base replaces the whole value
    When I decode the hex "e0 83 414243c4  a0 58d9  a0 31323334b5"
    Then message 2 field "Code" is "ABXY"
    And message 3 field "Code" is "12345"

  # Rule: FAST 1.1 §10.6.2 — an optional decimal is NULL when its exponent is; the mantissa is then
  # not sent. Operators on exponent (copy) and mantissa (delta) apply separately (§6.3.9).
  Scenario: An optional decimal with a NULL exponent has no mantissa on the wire
    Given the templates in "features/fast/decimal-templates.xml"
    When I decode the hex "f0 84 fe 83  80 81  a0 80  a0 81 80"
    Then 4 messages are decoded
    And message 1 field "Bid" is {"exponent":-2,"mantissa":"3"}
    And message 1 field "Venue" is "XNAS"
    And message 2 field "Bid" is {"exponent":-2,"mantissa":"4"}
    And message 2 field "Venue" is null
    And message 3 field "Bid" is null
    And message 4 field "Bid" is {"exponent":0,"mantissa":"4"}

  # Rule: FAST 1.1 Appendix 4 D9 — a template id no template has stops decoding.
  Scenario: An unknown template id is D9
    When I decode the hex "c0 85"
    Then 0 messages are decoded
    And decoding stops with error "D9"

  # Rule: spec/fast/canonical.md D1 (end of data) — the message cut short is lost, the one before it kept.
  Scenario: A stream cut inside a message keeps the messages before it
    When I decode the hex "e0 81 85 86 41c2 00e4  80 86 80"
    Then 1 message is decoded
    And decoding stops with a "dynamic" error

  # Rule: FAST 1.1 Appendix 4 D7 — a subtraction length larger than the base value.
  Scenario: A subtraction length beyond the base is D7
    When I decode the hex "c0 82 80 4142c3  80 85 d8"
    Then 1 message is decoded
    And decoding stops with error "D7"

  # Rule: FAST 1.1 Appendix 4 R6 — an overlong integer has a well-defined value: decode it, report R6.
  Scenario: An overlong integer decodes, and is reported (R6)
    When I decode the hex "e0 81 0085 86 41c2 00e4"
    Then field "Seq" is "5"
    And decoding ends without error
    And a "R6" report is made

  # Rule: spec/fast/canonical.md — in strict mode the reference stops on R6 (a reportable error).
  Scenario: In strict mode an overlong integer stops decoding
    Given strict mode
    When I decode the hex "e0 81 0085 86 41c2 00e4"
    Then 0 messages are decoded
    And decoding stops with a "reportable" error
