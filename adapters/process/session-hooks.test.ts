import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Adapter } from '../adapter.ts';
import { AdapterFault } from '../fault.ts';
import { loadProcessAdapter } from './load.ts';
import { VendorProcess } from './vendor-process.ts';
import { VendorSession } from './vendor-session.ts';

/**
 * Every fault carries the vendor's stderr and a kind, including before `ready`; the runner's
 * hooks (restart, beginCase, observe) work the same for every component's process adapter.
 */
const VENDOR = fileURLToPath(new URL('./testing/test_vendor.py', import.meta.url));
const cmd = (...args: string[]) => ({ command: 'python3', args: [VENDOR, ...args] });
const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function faultOf(p: Promise<unknown>): Promise<AdapterFault> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AdapterFault);
  return e as AdapterFault;
}

async function session(...args: string[]): Promise<VendorSession> {
  // Short enough for a hang test, long enough for python on a loaded, shared machine.
  const s = await VendorSession.open(cmd(...args), { timeoutMs: 1500 });
  open.push(s);
  return s;
}

describe('faults before ready carry the stderr tail (kind start)', () => {
  it('a vendor that prints to stderr and exits 7 before ready', async () => {
    const f = await faultOf(VendorProcess.start(cmd('exit-before-ready')));
    expect(f.kind).toBe('start');
    expect(f.message).toMatch(/exited with status 7 \(before its ready line\); its stderr ends with:\nconfig error: license file \/etc\/acme\/license not found\ngiving up/);
    expect(f.stderrTail).toMatch(/license file/);
  });

  it('a vendor that hangs before ready', async () => {
    // Time enough for python to start and log under load (the machine is shared).
    const f = await faultOf(VendorProcess.start(cmd('hang-before-ready'), { handshakeTimeoutMs: 2000 }));
    expect(f.kind).toBe('start');
    expect(f.message).toMatch(/no ready line within 2000 ms of hello; its stderr ends with:\nwaiting for the market-data licence server/);
  });

  it('a vendor that writes nothing says so; a program that does not exist is a start fault too', async () => {
    const f = await faultOf(VendorProcess.start(cmd('no-ready'), { handshakeTimeoutMs: 300 }));
    expect(f.message).toMatch(/it wrote nothing on stderr/);
    expect((await faultOf(VendorProcess.start({ command: 'fairwire-no-such-vendor-program', args: [] }))).kind).toBe('start');
  });

  it('through the loader too (what `conform` prints when the vendor cannot start)', async () => {
    const f = await faultOf(loadProcessAdapter(`cmd:python3 ${VENDOR} exit-before-ready`, 'fast'));
    expect(f.kind).toBe('start');
    expect(f.message).toMatch(/license file/);
  });
});

describe('faults during a case: kind, stderr and every request of the case', () => {
  it('a crash mid-case', async () => {
    const s = await session('crash', '3');
    await s.request('echo', { value: 'before the case' });
    s.beginCase();
    await s.request('echo', { value: 1 });
    const f = await faultOf(s.request('echo', { value: 2 }));
    expect(f.kind).toBe('crash');
    expect(f.stderrTail).toMatch(/segfault in decode_loop\(\) at request 3/);
    const seen = s.observe();
    expect(seen.stderrTail).toBe('segfault in decode_loop() at request 3');
    expect(seen.requests).toEqual([
      { seq: 2, op: 'echo', params: { value: 1 } },
      { seq: 3, op: 'echo', params: { value: 2 } },
    ]);
  });

  it('a hang mid-case (the per-request timeout is the session option)', async () => {
    const s = await session('hang', '2');
    s.beginCase();
    await s.request('echo', { value: 1 });
    const f = await faultOf(s.request('echo', { value: 2 }));
    expect(f.kind).toBe('hang');
    expect(f.message).toMatch(/no reply to seq 2 \(echo\) within 1500 ms/);
    expect(s.observe().requests).toHaveLength(2);
  });

  it('a protocol break', async () => {
    const s = await session('garbage', '1');
    expect((await faultOf(s.request('echo', { value: 1 }))).kind).toBe('protocol');
    // The next request runs on a fresh process; a request to the broken one says what broke it.
  });

  it('nothing on stderr during the case: the last lines before it, labelled', async () => {
    const s = await session('chatty');
    await s.request('echo', { value: 1 });
    // stderr is another pipe: its line may come after the reply.
    await vi.waitFor(() => expect(s.observe().stderrTail).toBe('handling request 1'));
    s.beginCase();
    expect(s.observe()).toEqual({ stderrTail: '(nothing on stderr during this case; the last lines before it:)\nhandling request 1' });
  });
});

describe('restart', () => {
  it('kills the process, starts a fresh one, re-sends state (onRestart), and keeps the case log across', async () => {
    const s = await session('chatty', '1');
    const replayed: number[] = [];
    s.onRestart = async (p) => {
      replayed.push(await p.request<number>('echo', { value: 42 }));
    };
    s.beginCase();
    await s.request('echo', { value: 1 });
    const pid = s.pid;
    await s.restart();
    expect(s.pid).not.toBe(pid);
    expect(s.generation).toBe(2);
    expect(replayed).toEqual([42]);
    await s.request('echo', { value: 2 });
    const seen = s.observe();
    expect(seen.requests).toEqual([
      { seq: 1, op: 'echo', params: { value: 1 } },
      { seq: 1, op: 'echo', params: { value: 42 } },
      { seq: 2, op: 'echo', params: { value: 2 } },
    ]);
    await vi.waitFor(() => expect(s.observe().stderrTail).toBe('handling request 1\nstarting\nhandling request 1\nhandling request 2'));
  });

  it('every component loaded from a command line gets the hooks; a sequencer instance made before a restart faults cleanly', async () => {
    const EXAMPLES = fileURLToPath(new URL('../examples/python/', import.meta.url));
    const seq = (await loadProcessAdapter(`cmd:python3 ${EXAMPLES}sequencer.py`, 'sequencer')) as Adapter<object> & {
      create(c: unknown): Promise<{ enqueue(now: number, p: number, t: number, id: number): Promise<void> }>;
    };
    open.push({ close: () => seq.close!() });
    expect(typeof seq.restart).toBe('function');
    expect(typeof seq.beginCase).toBe('function');
    expect(typeof seq.observe).toBe('function');
    seq.beginCase!();
    const before = await seq.create({ kind: 'jasper', participants: 2 });
    await seq.restart!();
    const f = await faultOf(before.enqueue(1, 0, 1, 1));
    expect(f.message).toMatch(/lost when the vendor restarted/);
    const after = await seq.create({ kind: 'jasper', participants: 2 });
    await after.enqueue(1, 0, 1, 1);
    expect(seq.observe!().requests!.map((r) => (r as { op: string }).op)).toEqual(['sequencer.create', 'sequencer.create', 'sequencer.enqueue']);
  });

  it('a restart that cannot start the vendor is a start fault', async () => {
    const s = await session('ok');
    (s.command as unknown as { args: string[] }).args = [VENDOR, 'exit-before-ready'];
    const f = await faultOf(s.restart());
    expect(f.kind).toBe('start');
    expect(f.message).toMatch(/license file/);
  });
});
