import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFeatures, type FeaturesProject, type FeaturesRun } from './testing/run-features.ts';

/**
 * The Gherkin scenarios can fail, and fail for the right reason: every feature file passes on the
 * reference (every scenario run, none skipped), and each mutant — one known bug — fails exactly
 * the scenarios written for its bug, with the rule's plain-words message, and no other. Cucumber
 * runs in this process through its API (features/testing/run-features.ts); the adapter is chosen
 * by world parameters, as `fairwire scenarios` chooses it.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPONENT_TAGS = ['@fast', '@net', '@fpga', '@sequencer', '@loq', '@matching', '@multicast', '@exchange'];
const FEATURES = readdirSync(join(ROOT, 'features')).filter((f) => f.endsWith('.feature')).sort();
const file = (name: string) => `features/${name}`;

const failed = (r: FeaturesRun) => r.scenarios.filter((s) => s.status !== 'PASSED').map((s) => s.name).sort();
const show = (r: FeaturesRun) => r.scenarios.filter((s) => s.status !== 'PASSED').map((s) => `${s.where} ${s.status} ${s.name}\n  ${s.message}`).join('\n') || r.out;

let project: FeaturesProject;
beforeAll(async () => {
  project = await loadFeatures(ROOT);
});

describe('fairwire scenarios', () => {
  it('every feature has a component tag and every scenario a comment naming its rule', () => {
    for (const f of FEATURES) {
      const lines = readFileSync(join(ROOT, 'features', f), 'utf8').split('\n');
      const featureAt = lines.findIndex((l) => /^Feature:/.test(l));
      const featureTags = lines.slice(0, featureAt).join(' ');
      lines.forEach((line, i) => {
        if (!/^\s*Scenario( Outline)?:/.test(line)) return;
        let k = i - 1;
        let tags = featureTags;
        while (k >= 0 && /^\s*@/.test(lines[k]!)) tags += ` ${lines[k--]!}`;
        expect(COMPONENT_TAGS.some((t) => tags.split(/\s+/).includes(t)), `${f}:${i + 1} carries a component tag (${COMPONENT_TAGS.join(' ')})`).toBe(true);
        while (k >= 0 && /^\s*#/.test(lines[k]!) && !/^\s*# Rules?:/.test(lines[k]!)) k--;
        expect(lines[k] ?? '', `${f}:${i + 1} "${line.trim()}" is preceded by a "# Rule:" comment`).toMatch(/^\s*# Rules?: \S/);
      });
    }
  });

  it('pass against the reference: at least 80 scenarios, every one run', async () => {
    const r = await project.run(FEATURES.map(file), 'reference');
    expect(failed(r), show(r)).toEqual([]);
    expect(r.success, r.out).toBe(true);
    expect(r.scenarios.length).toBeGreaterThanOrEqual(80);
    // Every component is covered by its own scenarios.
    for (const t of COMPONENT_TAGS) expect(FEATURES.some((f) => readFileSync(join(ROOT, 'features', f), 'utf8').includes(t)), t).toBe(true);
  });

  it('skip, never pass, what a correct adapter does not declare (FCS, IPv4 options, ARP, IGMPv3, steering; ring records)', async () => {
    const spec = 'features/testing/declares-less.ts';
    const net = await project.run([file('network.feature')], { net: spec });
    const status = (r: FeaturesRun, want: string) => r.scenarios.filter((s) => s.status === want).map((s) => s.where);
    expect(status(net, 'FAILED'), show(net)).toEqual([]);
    // Every scenario that steers, carries an FCS or IP options, or speaks ARP / IGMPv3 is skipped.
    expect(status(net, 'SKIPPED').length, show(net)).toBe(19);
    expect(net.scenarios.filter((s) => s.status === 'PASSED').map((s) => s.name).sort()).toEqual([
      "a group that shares a joined group's MAC is not delivered",
      'a joined group with its high address bit set is received on its 23-bit MAC',
      'a joined group without a fast-path rule is delivered by the kernel',
      'a raw frame (10 bytes) is dropped as truncated',
      'a raw frame (an IPv6 EtherType) is dropped as unsupported-ethertype',
      'a unicast datagram to 10.0.0.1 port 7001 is dropped as port-closed',
      'a unicast datagram to 10.0.0.2 port 7000 is dropped as not-for-us',
      'a unicast datagram to an open port is delivered by the kernel',
    ]);
    const fpga = await project.run([file('fpga-records.feature')], { fpga: spec });
    expect(status(fpga, 'SKIPPED').length, show(fpga)).toBe(fpga.scenarios.length);
  });

  // One mutant per area: the feature files it runs through and the scenarios that must fail.
  // `skips`: scenarios a non-reference adapter cannot be asked (FAST strict mode, optional reports).
  const cases: { mutant: string; files: string[]; fails: string[]; skips?: string[]; says?: RegExp }[] = [
    {
      mutant: 'net-first-fragment-delivered',
      files: ['network.feature'],
      fails: ['a datagram sent as the first fragment (more fragments, offset 0) is dropped as fragment'],
      says: /should have been dropped on the slow path with the reason "fragment"; the stack instead delivered/,
    },
    {
      mutant: 'net-arp-reply-broadcast',
      files: ['network.feature'],
      fails: ['an ARP request for the host\'s address is answered to the requester'],
      says: /should go to the requester 02:00:00:00:00:09 .* but it was op 2 to ff:ff:ff:ff:ff:ff/,
    },
    {
      mutant: 'net-drop-reason-miscounted',
      files: ['network.feature'],
      fails: ["a group that shares a joined group's MAC is not delivered"],
      says: /with the reason "not-joined"; the stack instead dropped on the slow path because "port-closed"/,
    },
    {
      mutant: 'fpga-toggle-no-flip',
      files: ['fpga-records.feature'],
      fails: ['after the ring wraps, a short record over a long one has empty unused slots', 'the toggle bit flips when the ring wraps'],
      says: /should have read 10(30|25) record\(s\) from the ring, but it read 1024/,
    },
    {
      mutant: 'fpga-ring-stale-ids-after-wrap',
      files: ['fpga-records.feature'],
      fails: ['after the ring wraps, a short record over a long one has empty unused slots'],
    },
    {
      mutant: 'fpga-absent-copy-decodes-zero',
      files: ['fpga-records.feature'],
      fails: ['a mandatory copy field absent with no previous value is an ERR record, not a zero'],
      says: /should carry the status bits "TOGGLE EOM ERR" but carries "TOGGLE EOM" .* Without ERR the host passes on, as good data/,
    },
    {
      mutant: 'fast-prefix-dropped-on-error',
      files: ['fast-decoding.feature', 'fast-errors.feature'],
      fails: [
        'A stream cut inside a message keeps the messages before it',
        'A subtraction length beyond the base is D7',
        "a delta that overflows its field's type stops decoding (R4), the message before stands",
        'the 1 message(s) before an unknown template id are kept',
        'the 2 message(s) before a stream cut short are kept',
      ],
      skips: ['An overlong integer decodes, and is reported (R6)', 'In strict mode an overlong integer stops decoding', 'an overlong nullable integer (Qty) decodes to its value', 'an overlong signed integer (Px 100) decodes to its value'],
      says: /should give \d message\(s\), but the decoder gave 0 messages, then error/,
    },
    {
      mutant: 'fast-overlong-integer-rejected',
      files: ['fast-decoding.feature', 'fast-errors.feature'],
      fails: ['An overlong integer decodes, and is reported (R6)', 'an overlong nullable integer (Qty) decodes to its value', 'an overlong signed integer (Px 100) decodes to its value'],
      skips: ['In strict mode an overlong integer stops decoding'],
      says: /but the decoder gave 0 messages, then error R6 \(reportable\) at byte \d+/,
    },
    {
      mutant: 'fast-increment-as-copy',
      files: ['fast-operators.feature'],
      fails: ['an absent increment field counts up from the previous value'],
      skips: ['an overlong presence map is read as sent'],
      says: /message 2: field N should be "6" but the decoder gave "5"/,
    },
    {
      mutant: 'matching-stp-ignored',
      files: ['matching.feature'],
      fails: [
        'a modified order still belongs to its account for self-trade prevention',
        'after cancelling its own resting order, an order still trades with others',
        'self-trade prevention cancel-both stops an account trading with itself',
        'self-trade prevention cancel-newest stops an account trading with itself',
        'self-trade prevention cancel-oldest stops an account trading with itself',
        'self-trade prevention cancels the newest order instead of trading with oneself',
        'self-trade prevention decrement-and-cancel stops an account trading with itself',
      ],
    },
    {
      mutant: 'matching-lifo-queue',
      files: ['matching.feature'],
      fails: [
        'a modify down to 1 lot kept the order\'s place',
        'a modify that increases size loses priority, one that decreases it keeps it',
        'a modify that repeats its own price kept the order\'s place',
        'a modify to the same size kept the order\'s place',
        'a modify up to 3 lots lost the order\'s place',
        'a partly filled resting order keeps its place in the queue',
        'at one price the ask side fills in arrival order',
        'at one price the bid side fills in arrival order',
        "best price first, then first come first served, at the maker's price",
      ],
      says: /order s2 traded before s1 although s1 was first in the queue at 100 \(price-time priority\)/,
    },
    {
      mutant: 'matching-modify-increase-keeps-priority',
      files: ['matching.feature'],
      fails: ['a modify that increases size loses priority, one that decreases it keeps it', 'a modify up to 3 lots lost the order\'s place'],
    },
    {
      mutant: 'sequencer-tie-by-arrival',
      files: ['sequencer-fairness.feature'],
      fails: ['equal stamps are broken by participant id, not by who arrived first', 'heartbeats are dropped at release and every order comes out exactly once'],
    },
    {
      mutant: 'loq-no-epoch',
      files: ['loq-fairness.feature'],
      // The pipeline checks each pop's epoch against what was pushed, so the backlog scenario (a
      // mid change while gateway 0 holds orders back) catches the missing epoch as well.
      fails: [
        'Appendix I holds through a gateway backlog and uneven links',
        'Appendix I holds when every gateway sees the mid-price change at once',
        'a mid price that comes back to an old value still starts a new epoch',
        'the claim fails when one gateway sees the mid-price change late',
        'the queue pops by (epoch, critical, timestamp, participant) across a mid-price change',
      ],
    },
    {
      mutant: 'exchange-proxy-dummy-clock',
      files: ['exchange-fairness.feature'],
      // The whole exchange sees it too: orders overtaken by far more than the clocks' 2ε.
      fails: [
        'the whole exchange with 1000 participants stays fair under a burst',
        'without LOQ, 64 participants three layers deep keep timestamp order',
        'without LOQ, a tree of three proxies releases orders in timestamp order',
      ],
    },
  ];

  for (const c of cases) {
    it(`catch mutant:${c.mutant} in exactly the scenarios written for it`, async () => {
      const r = await project.run(c.files.map(file), `mutant:${c.mutant}`);
      expect(r.success, r.out).toBe(false);
      // Failed, not crashed; skipped only where the scenario cannot be asked of a non-reference
      // adapter: every other scenario of the files still passes.
      const status = (want: string) => r.scenarios.filter((s) => s.status === want).map((s) => s.name).sort();
      expect(status('FAILED'), show(r)).toEqual([...c.fails].sort());
      expect(status('SKIPPED'), show(r)).toEqual([...(c.skips ?? [])].sort());
      expect(failed(r).length, show(r)).toBe(c.fails.length + (c.skips?.length ?? 0));
      if (c.says) expect(r.scenarios.filter((s) => s.status === 'FAILED').map((s) => s.message).join('\n')).toMatch(c.says);
    });
  }
});
