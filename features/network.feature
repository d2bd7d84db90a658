@net
Feature: Network verdicts of the host stack in front of the feed handler
  Every frame the network card receives gets exactly one verdict: delivered to the application,
  answered (ARP, IGMP), consumed, or dropped with a reason, on the fast path (the market-data
  feed handler, chosen by steering rules) or the slow path (the kernel). The checks run in the
  order of spec/net/frames.md and the first that fails names the drop. fairwire builds every
  frame itself from the fields below, so only the stack's receive path is under test.

  Background:
    Given a host at 10.0.0.1 with MAC 02:00:00:00:00:01

  # Rule: frames.md "Steering" — a UDP datagram matching a rule takes the fast path; step 10: deliver.
  Scenario: a datagram to a joined, steered group reaches the feed handler on the fast path
    Given the host has joined group 239.1.1.1 port 5000, steered to the fast path
    When the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "BUY 100"
    Then it is delivered to the application on the fast path with payload "BUY 100"

  # Rule: frames.md "Steering" — no matching rule: the slow path (the kernel) delivers it.
  Scenario: a joined group without a fast-path rule is delivered by the kernel
    Given the host has joined group 239.1.1.1 port 5000
    When the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "SELL 7"
    Then it is delivered to the application on the slow path with payload "SELL 7"

  # Rules: frames.md step 10 (a zero UDP checksum means "not computed" on IPv4, RFC 768) and
  # step 7 (the IHL gives the header length: options move the UDP header), DF is not a fragment.
  Scenario Outline: a valid datagram is delivered <variant>
    Given the host has joined group 239.1.1.1 port 5000, steered to the fast path
    When the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "QUOTE" <variant>
    Then it is delivered to the application on the fast path with payload "QUOTE"

    Examples:
      | variant                                      |
      | with no UDP checksum (zero, allowed on IPv4) |
      | with a Router Alert option in its IPv4 header |
      | with the "don't fragment" flag clear         |

  # Rules: frames.md "Checks, in order" (the step named in each row); steering looks at raw
  # headers only, so a spoiled datagram for a steered group is judged on the fast path, while a
  # fragment, a cut frame or a header that is not IPv4 never matches a rule: the slow path.
  Scenario Outline: a datagram <change> is dropped as <reason>
    Given the host has joined group 239.1.1.1 port 5000, steered to the fast path
    When the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "QUOTE" <change>
    Then it is dropped on the <path> path because "<reason>"

    Examples:
      | change                                                | path | reason          | rule    |
      | cut after 20 bytes                                    | slow | truncated       | step 1  |
      | tagged with VLAN 7                                    | fast | vlan-filtered   | step 4  |
      | addressed to the MAC of another host                  | fast | mac-filtered    | step 5  |
      | with version 6 in its IPv4 header                     | slow | bad-ip-version  | step 7  |
      | with a wrong IPv4 header checksum                     | fast | bad-ip-checksum | step 7  |
      | sent as the first fragment (more fragments, offset 0) | slow | fragment        | step 7  |
      | sent as a later fragment (offset 185)                 | slow | fragment        | step 7  |
      | with a UDP length beyond the packet                   | fast | bad-udp-length  | step 10 |
      | with a wrong UDP checksum                             | fast | bad-udp-checksum | step 10 |

  # Rule: frames.md step 8 — 32 groups share each multicast MAC (RFC 1112 §6.4), so the IP
  # destination must be checked too: 239.129.1.1 has the MAC of 239.1.1.1 but was never joined.
  Scenario: a group that shares a joined group's MAC is not delivered
    Given the host has joined group 239.1.1.1 port 5000
    When the host receives a UDP datagram to 239.129.1.1 port 5000 carrying "NOT YOURS"
    Then it is dropped on the slow path because "not-joined"

  # Rule: frames.md step 5 — the MAC of a group is 01:00:5e + its low 23 bits (RFC 1112 §6.4):
  # 239.129.1.1 is received on 01:00:5e:01:01:01, not on 01:00:5e:81:01:01.
  Scenario: a joined group with its high address bit set is received on its 23-bit MAC
    Given the host has joined group 239.129.1.1 port 5000
    When the host receives a UDP datagram to 239.129.1.1 port 5000 carrying "HI"
    Then it is delivered to the application on the slow path with payload "HI"

  # Rule: frames.md step 10 — unicast to an open port is delivered.
  Scenario: a unicast datagram to an open port is delivered by the kernel
    Given the host has UDP port 7000 open
    When the host receives a UDP datagram to 10.0.0.1 port 7000 carrying "PING"
    Then it is delivered to the application on the slow path with payload "PING"

  # Rules: frames.md step 8 (not our address: not-for-us) and step 10 (closed port: port-closed).
  Scenario Outline: a unicast datagram to <destination> port <port> is dropped as <reason>
    Given the host has UDP port 7000 open
    When the host receives a UDP datagram to <destination> port <port> carrying "PING"
    Then it is dropped on the slow path because "<reason>"

    Examples:
      | destination | port | reason      |
      | 10.0.0.1    | 7001 | port-closed |
      | 10.0.0.2    | 7000 | not-for-us  |

  # Rule: frames.md step 2 — on a port that carries the FCS, a frame whose CRC-32 is wrong is
  # damaged on the wire and must never reach the application.
  Scenario: a frame with a wrong Ethernet FCS is dropped, a correct one delivered
    Given the host's port carries the Ethernet FCS
    And the host has joined group 239.1.1.1 port 5000
    When the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "GOOD"
    Then it is delivered to the application on the slow path with payload "GOOD"
    When the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "BAD" with a wrong Ethernet FCS
    Then it is dropped on the slow path because "bad-fcs"

  # Rule: frames.md "Counters" — every frame is counted once, on the path that handled it.
  Scenario: a frame dropped on the fast path is counted once, on the fast path
    Given the host has joined group 239.1.1.1 port 5000, steered to the fast path
    When the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "ONE"
    And the host receives a UDP datagram to 239.1.1.1 port 5000 carrying "TWO" with a wrong UDP checksum
    Then the fast path counted exactly: 1 deliver, 1 bad-udp-checksum
    And the slow path counted exactly: nothing

  # Rule: frames.md step A — an ARP request for our address is answered to the requester's MAC.
  Scenario: an ARP request for the host's address is answered to the requester
    When 10.0.0.9 at 02:00:00:00:00:09 asks by ARP who has 10.0.0.1
    Then it replies with one ARP reply to 02:00:00:00:00:09 saying 10.0.0.1 is at 02:00:00:00:00:01

  # Rule: frames.md step A — an ARP request for another address is not ours to answer.
  Scenario: an ARP request for another address is not answered
    When 10.0.0.9 at 02:00:00:00:00:09 asks by ARP who has 10.0.0.2
    Then it is dropped on the slow path because "arp-not-for-us"

  # Rule: frames.md step B — an IGMPv3 host answers a general query with one v3 report of
  # MODE_IS_EXCLUDE({}) records (RFC 3376 §5.2), so the router keeps forwarding its groups.
  Scenario: an IGMPv3 host answers a membership query for its groups
    Given the host speaks IGMPv3
    And the host has joined group 239.1.1.1 port 5000
    When a general IGMPv3 membership query arrives
    Then it answers with one IGMPv3 report to 224.0.0.22 listing 239.1.1.1 as MODE_IS_EXCLUDE

  # Rule: frames.md "Membership" — an IGMPv3 join is a state change: CHANGE_TO_EXCLUDE_MODE({})
  # (RFC 3376 §5.1), sent once, when the group becomes joined.
  Scenario: joining a group announces it with a state-change report
    Given the host speaks IGMPv3
    When the host joins group 239.2.2.2 port 6000
    Then it sends one IGMPv3 report to 224.0.0.22 with a CHANGE_TO_EXCLUDE_MODE record for 239.2.2.2

  # Rules: frames.md step 1 (fewer than 14 bytes: truncated) and step 6 (an EtherType other than
  # IPv4 or ARP, here IPv6 0x86dd, is not ours); frames given as hex, as a capture shows them.
  Scenario Outline: a raw frame (<what>) is dropped as <reason>
    When the host receives the frame "<hex>"
    Then it is dropped on the slow path because "<reason>"

    Examples:
      | what               | hex                                                                                                                          | reason                |
      | 10 bytes           | 02 00 00 00 00 01 02 00 00 00                                                                                                | truncated             |
      | an IPv6 EtherType  | 02 00 00 00 00 01 02 00 00 00 00 09 86 dd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | unsupported-ethertype |
