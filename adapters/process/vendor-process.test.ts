import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AdapterFault } from '../fault.ts';
import { VendorError, VendorProcess, VendorSkipped, type VendorOptions } from './vendor-process.ts';
import { VendorSession } from './vendor-session.ts';

const VENDOR = fileURLToPath(new URL('./testing/test_vendor.py', import.meta.url));
const started: VendorProcess[] = [];

async function start(mode: string, at?: number, opts: VendorOptions = {}): Promise<VendorProcess> {
  const p = await VendorProcess.start({ command: 'python3', args: [VENDOR, mode, ...(at ? [String(at)] : [])] }, opts);
  started.push(p);
  return p;
}

/** True while a process with this pid exists (a zombie counts: it has not been reaped). */
function exists(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function faultOf(p: Promise<unknown>): Promise<AdapterFault> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AdapterFault);
  return e as AdapterFault;
}

afterEach(async () => {
  for (const p of started.splice(0)) await p.kill();
});

describe('VendorProcess', () => {
  it('handshakes: the ready line gives the implementation and its components', async () => {
    const p = await start('ok');
    expect(p.ready.implementation).toEqual({ name: 'test-vendor', version: '0', language: 'python' });
    expect(Object.keys(p.ready.components)).toEqual(['fast']);
    expect(p.alive).toBe(true);
  });

  it('pipelines many requests and matches replies by seq, even out of order', async () => {
    for (const mode of ['ok', 'reverse']) {
      const p = await start(mode);
      const values = Array.from({ length: 2000 }, (_, i) => ({ i, s: `v${i}` }));
      const got = await Promise.all(values.map((value) => p.request('echo', { value })));
      expect(got).toEqual(values);
      expect(p.inFlight).toBe(0);
    }
  });

  it('a hang is a fault within the timeout, naming the request; the process is killed', async () => {
    const p = await start('hang', 3, { timeoutMs: 300 });
    await p.request('echo', { value: 1 });
    await p.request('echo', { value: 2 });
    const f = await faultOf(p.request('echo', { value: 3 }));
    expect(f.message).toMatch(/no reply to seq 3 \(echo\) within 300 ms/);
    expect(f.sent).toEqual({ seq: 3, op: 'echo', params: { value: 3 } });
    await p.kill();
    expect(exists(p.pid)).toBe(false);
    expect(p.alive).toBe(false);
  });

  it('a crash mid-run fails every request in flight with the tail of stderr', async () => {
    const p = await start('crash', 5);
    for (let i = 1; i <= 4; i++) await p.request('echo', { value: i });
    // The 5th kills it: the 5th..10th, in flight together, all fail.
    const all = Array.from({ length: 6 }, (_, i) => p.request('echo', { value: i + 5 }).then(() => 'ok', (e: unknown) => e));
    const results = await Promise.all(all);
    for (const r of results) {
      expect(r).toBeInstanceOf(AdapterFault);
      expect((r as AdapterFault).message).toMatch(/exited with status 139/);
      expect((r as AdapterFault).stderrTail).toMatch(/segfault in decode_loop\(\) at request 5/);
    }
    expect((results[0] as AdapterFault).sent).toMatchObject({ seq: 5 });
    const later = await faultOf(p.request('echo', { value: 'after' }));
    expect(later.message).toMatch(/not running/);
  });

  it('garbage on stdout is a fault', async () => {
    const p = await start('garbage', 2);
    await p.request('echo', { value: 1 });
    const f = await faultOf(p.request('echo', { value: 2 }));
    expect(f.message).toMatch(/garbage on stdout \(not JSON\): "this is not json"/);
  });

  it('a reply with a seq not in flight is a fault', async () => {
    const p = await start('wrong-seq', 1);
    const f = await faultOf(p.request('echo', { value: 1 }));
    expect(f.message).toMatch(/seq 1001 that is not in flight/);
    expect(f.sent).toMatchObject({ seq: 1 });
  });

  it('schema violations from the vendor are faults: two outcomes, a malformed result', async () => {
    const a = await start('two-outcomes', 1);
    expect((await faultOf(a.request('echo', { value: 1 }))).message).toMatch(/exactly one of result, error, skipped/);
    const b = await start('bad-result', 1);
    const f = await faultOf(b.request('fast.decode', { hex: '', reset: 'none' }));
    expect(f.message).toMatch(/fast\.decode: result \(seq 1\) field \$\.messages = "nope": must be array/);
  });

  it('sample validation checks only every N-th result', async () => {
    const p = await start('bad-result', 2, { validation: 'sample', sampleEvery: 4 });
    await p.request('fast.decode', { hex: '', reset: 'none' });
    await expect(p.request('fast.decode', { hex: '', reset: 'none' })).resolves.toEqual({ messages: 'nope' });
  });

  it('refuses to send a request that violates the schema (a harness bug, not a vendor fault)', async () => {
    const p = await start('ok');
    await expect(p.request('fast.decode', { hex: 'zz', reset: 'none' })).rejects.toThrow(/harness bug: .*params\/hex/);
    expect(p.alive).toBe(true);
  });

  it('error and skipped replies are answers, not faults: the process keeps serving', async () => {
    const e = await start('error', 1);
    await expect(e.request('echo', { value: 1 })).rejects.toBeInstanceOf(VendorError);
    await expect(e.request('echo', { value: 2 })).resolves.toBe(2);
    const s = await start('skipped', 1);
    await expect(s.request('echo', { value: 1 })).rejects.toBeInstanceOf(VendorSkipped);
    expect(s.alive).toBe(true);
  });

  it('handshake failures are faults: no ready line, an invalid one, another protocol version, no such program', async () => {
    await expect(start('no-ready', 0, { handshakeTimeoutMs: 300 })).rejects.toThrow(/no ready line within 300 ms/);
    await expect(start('bad-ready')).rejects.toThrow(/not a valid ready message/);
    await expect(start('protocol2')).rejects.toThrow(/speaks protocol 2, the harness speaks 1/);
    await expect(VendorProcess.start({ command: 'fairwire-no-such-vendor-program', args: [] })).rejects.toBeInstanceOf(AdapterFault);
  });

  it('closes cleanly: bye, exit, reaped (no zombie); a vendor ignoring bye is killed after the grace period', async () => {
    const p = await start('ok');
    const pid = p.pid;
    await p.request('echo', { value: 1 });
    await p.close();
    expect(exists(pid)).toBe(false);
    const stubborn = await start('ignore-bye');
    await stubborn.close(200);
    expect(exists(stubborn.pid)).toBe(false);
  });
});

describe('hang detection', () => {
  it('a reply already in the pipe when the harness itself was busy past the deadline is not a hang', async () => {
    const p = await start('ok', 0, { timeoutMs: 200 });
    const reply = p.request('echo', { value: 7 });
    // The harness is busy (a big compile, a loaded machine) while the vendor answers at once.
    // Busy in the check phase: the next loop iteration runs its timers before it reads stdout.
    await new Promise<void>((r) =>
      setImmediate(() => {
        const until = Date.now() + 1000; // time enough for the vendor to answer
        while (Date.now() < until) {
          /* busy */
        }
        r();
      }),
    );
    await expect(reply).resolves.toBe(7);
    expect(p.alive).toBe(true);
  });
});

describe('VendorSession', () => {
  it('restarts the vendor after a fault and replays state before the next request', async () => {
    const s = await VendorSession.open({ command: 'python3', args: [VENDOR, 'crash', '3'] });
    const replayed: number[] = [];
    s.onRestart = async (p) => {
      replayed.push(await p.request<number>('echo', { value: 42 }));
    };
    const firstPid = s.pid;
    await expect(s.request('echo', { value: 1 })).resolves.toBe(1);
    await expect(s.request('echo', { value: 2 })).resolves.toBe(2);
    await expect(s.request('echo', { value: 3 })).rejects.toBeInstanceOf(AdapterFault);
    // The new process: the replayed request is its 1st, this one its 2nd (it would crash at its 3rd).
    await expect(s.request('echo', { value: 4 })).resolves.toBe(4);
    expect(s.generation).toBe(2);
    expect(replayed).toEqual([42]);
    expect(s.pid).not.toBe(firstPid);
    expect(exists(firstPid)).toBe(false);
    await s.close();
    await expect(s.request('echo', { value: 4 })).rejects.toThrow(/closed/);
  });
});
