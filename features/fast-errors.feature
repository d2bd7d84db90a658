@fast
Feature: FAST decoding errors
  Bad input gets a typed error, never a guess: the decoder stops at the first fault with the
  error code of FAST 1.1 Appendix 4 (as spec/fast/canonical.md assigns them) and keeps every
  message it decoded before it. A vendor may use another code of the same class for the same
  fault (decoders disagree on codes; conformance compares the class), which is noted, not failed.
  Templates (features/fast/templates.xml): 1 Basic = Seq uInt32, Qty optional uInt32, Sym string
  copy, Px int32 delta; 2 Deltas = Note string delta; 3 Tails = Code string tail.

  Background:
    Given the templates in "features/fast/templates.xml"

  # Rules: spec/fast/canonical.md "Errors the reference decoder emits", the row named by the code.
  Scenario Outline: <fault> stops decoding with <code>
    When I decode the hex "<hex>"
    Then 0 messages are decoded
    And decoding stops with error "<code>"

    Examples:
      | fault                                                        | hex                           | code |
      | a stream cut inside a field                                  | e0 81 85 86 41                | D1   |
      | a stream cut inside the presence map                         | 7f                            | D1   |
      | a uInt32 carrying 2^32                                       | e0 81 10 00 00 00 80 86 41c2 00e4 | D2   |
      | a template id absent before any was sent                     | 80                            | D5   |
      | a mandatory copy field absent with no previous value         | c0 81 85 86 00e4              | D5   |
      | a template id no template has (127)                          | c0 ff                         | D9   |

  # Rule: canonical.md R4 — the result of a delta outside the field's type is fatal: int32 Px
  # at 2147483647 plus a delta of 1 has no int32 value to emit. The first message stands.
  Scenario: a delta that overflows its field's type stops decoding (R4), the message before stands
    When I decode the hex "e0 81 85 86 41c2 07 7f 7f 7f ff  80 86 80 81"
    Then 1 message is decoded
    And message 1 field "Px" is "2147483647"
    And decoding stops with error "R4"

  # Rule: canonical.md "Errors" and the StreamDecodeResult contract — an error ends the stream,
  # it does not erase it: every message decoded before the fault is kept, whatever the fault.
  Scenario Outline: the <count> message(s) before <fault> are kept
    When I decode the hex "<hex>"
    Then <count> messages are decoded
    And message <count> field "Seq" is "<seq>"
    And decoding stops with a "dynamic" error

    Examples:
      | count | fault                  | hex                                   | seq |
      | 1     | an unknown template id | e0 81 85 86 41c2 00e4  c0 85          | 5   |
      | 2     | a stream cut short     | e0 81 85 86 41c2 00e4  80 86 80 81  80 | 6   |

  # Rule: canonical.md R6 — an overlong integer (a redundant leading 7-bit group) still has one
  # well-defined value: the reference decodes it and reports R6, stopping only in strict mode.
  Scenario Outline: an overlong <what> decodes to its value
    When I decode the hex "<hex>"
    Then 1 message is decoded
    And field "<field>" is "<value>"
    And decoding ends without error
    And a "R6" report is made

    Examples:
      | what                    | hex                       | field | value |
      | signed integer (Px 100) | e0 81 85 86 41c2 00 00 e4 | Px    | 100   |
      | nullable integer (Qty)  | e0 81 85 00 86 41c2 00e4  | Qty   | 5     |
