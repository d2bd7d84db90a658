@fpga
Feature: FPGA decoder ring records
  The FPGA decoder writes what it decodes into a DMA ring of 64-byte records that the host polls
  (spec/fpga/dma-record.md): seven slots of one field id and one 64-bit word each, then the status
  byte — TOGGLE (flips on every lap of the ring, so the host can tell new records from old ones),
  EOM (last record of a message), ERR (the message ended in an error) and CONT (the record
  continues the previous one). Ids 1..250 are the template's fields in template order; reserved
  ids name the template id header, continuation words of a long value and the error slot.
  Strings are shown as their 8 bytes, first byte lowest.

  Background:
    Given the FPGA decoder is loaded with the templates in "features/fast/templates.xml"

  # Rule: dma-record.md "Record" and "Values" — a header slot, one slot per field in template
  # order, a string as (id, length) plus continuation words, EOM on the message's last record.
  Scenario: one message becomes one record: header, fields in order, EOM
    When the FPGA decodes the hex "e0 81 85 86 41c2 00e4"
    Then the ring holds 1 record
    And record 1 has status "TOGGLE EOM" and holds:
      | field        | value |
      | template id  | 1     |
      | Seq          | 5     |
      | Qty          | 5     |
      | Sym          | 2     |
      | continuation | "AB"  |
      | Px           | 100   |

  # Rule: dma-record.md "Values" — an absent optional field writes nothing (the host fills null);
  # copy and delta values come from the dictionary as in FAST 1.1 §6.3.
  Scenario: an absent optional field takes no slot, dictionary values are written in full
    When the FPGA decodes the hex "e0 81 85 86 41c2 00e4  80 86 80 81"
    Then the ring holds 2 records
    And record 2 has status "TOGGLE EOM" and holds:
      | field        | value |
      | template id  | 1     |
      | Seq          | 6     |
      | Sym          | 2     |
      | continuation | "AB"  |
      | Px           | 101   |

  # Rule: dma-record.md "Values" — slots of one value may span records: the first record is
  # full and has no EOM, the next carries CONT, and EOM marks the message's last record.
  Scenario: a message longer than seven slots continues in the next record
    When the FPGA decodes the hex "c0 82 80" followed by the text "The quick brown fox jumps over a lazy dog!!!!!!!" as a FAST string
    Then the ring holds 2 records
    And record 1 has status "TOGGLE" and holds:
      | field        | value      |
      | template id  | 2          |
      | Note         | 48         |
      | continuation | "The quic" |
      | continuation | "k brown " |
      | continuation | "fox jump" |
      | continuation | "s over a" |
      | continuation | " lazy do" |
    And record 2 has status "TOGGLE EOM CONT" and holds:
      | field        | value      |
      | continuation | "g!!!!!!!" |

  # Rule: dma-record.md "Field ids" — the error that stops the stream is an error slot (code
  # number, byte offset) in a record with ERR and EOM; D9 is an unknown template id (FAST 1.1
  # Appendix 4), here template 5 at byte 1.
  Scenario: an unknown template id is reported in an ERR record
    When the FPGA decodes the hex "c0 85"
    Then the ring holds 1 record
    And record 1 has status "TOGGLE EOM ERR" and holds:
      | field | value        |
      | error | D9 at byte 1 |

  # Rule: dma-record.md "Field ids" — the hardware cannot unwrite: a message cut short keeps the
  # slots already written and ends with the error slot (D1: end of data, spec/fast/canonical.md);
  # the message before it stands complete.
  Scenario: a stream cut inside a message ends with an ERR record after what was written
    When the FPGA decodes the hex "e0 81 85 86 41c2 00e4  c0 81 85"
    Then the ring holds 2 records
    And record 1 has status "TOGGLE EOM" and holds:
      | field        | value |
      | template id  | 1     |
      | Seq          | 5     |
      | Qty          | 5     |
      | Sym          | 2     |
      | continuation | "AB"  |
      | Px           | 100   |
    And record 2 has status "TOGGLE EOM ERR" and holds:
      | field       | value         |
      | template id | 1             |
      | Seq         | 5             |
      | error       | D1 at byte 11 |

  # Rule: dma-record.md TOGGLE — record seq carries (floor(seq / capacity) + 1) & 1: 1 on the
  # first lap of the 1024-record ring, 0 on the second, so last lap's records never look new.
  Scenario: the toggle bit flips when the ring wraps
    When the FPGA decodes 1030 copies of the hex "e0 83 c1"
    Then the ring holds 1030 records
    And records 1 to 1024 carry the toggle bit 1
    And records 1025 to 1030 carry the toggle bit 0

  # Rule: dma-record.md "Field ids" — id 0 marks the empty rest of a message's last record, on
  # every lap: a short record written over a long one of the previous lap leaves no stale ids.
  Scenario: after the ring wraps, a short record over a long one has empty unused slots
    When the FPGA decodes 1024 copies of the hex "e0 81 85 86 41c2 00e4"
    And the FPGA decodes the hex "c0 82 80 c1"
    Then the ring holds 1025 records
    And record 1025 has status "EOM" and holds:
      | field        | value |
      | template id  | 2     |
      | Note         | 1     |
      | continuation | "A"   |

  # Rule: dma-record.md "Values" — an integer is one word in two's complement: -100 is written
  # as the 64-bit word of -100, whichever engine (interpreter or compiled) decodes it.
  Scenario: a negative integer is written as its two's complement word
    When the FPGA decodes the hex "e0 81 85 86 41c2 7f 9c"
    Then record 1 has status "TOGGLE EOM" and holds:
      | field        | value |
      | template id  | 1     |
      | Seq          | 5     |
      | Qty          | 5     |
      | Sym          | 2     |
      | continuation | "AB"  |
      | Px           | -100  |

  # Rule: FAST 1.1 §6.3.1 and Appendix 4 D5 — a mandatory copy field absent with no previous
  # value is an error (never a zero): the record carries the error slot, ERR and EOM.
  Scenario: a mandatory copy field absent with no previous value is an ERR record, not a zero
    When the FPGA decodes the hex "c0 81 85 86 00e4"
    Then the ring holds 1 record
    And record 1 has status "TOGGLE EOM ERR" and holds:
      | field       | value        |
      | template id | 1            |
      | Seq         | 5            |
      | Qty         | 5            |
      | error       | D5 at byte 4 |

  # Rule: FAST 1.1 §6.3.7 and spec/fast/canonical.md reset policy — a reset returns every
  # dictionary (global and template-scoped) to undefined: each delta starts again from 0.
  Scenario: a reset before every message clears a template-scoped dictionary too
    Given the FPGA decoder is loaded with the templates in "features/fast/scoped-templates.xml"
    When the FPGA decodes the hex "c0 87 8a  c0 87 8a", resetting the dictionaries before every message
    Then the ring holds 2 records
    And record 2 has status "TOGGLE EOM" and holds:
      | field       | value |
      | template id | 7     |
      | Level       | 10    |

