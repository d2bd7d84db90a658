import type { Adapter } from '../adapter.ts';
import { splitCommandLine } from './command-line.ts';
import { loadManifest, parseManifest, type Manifest } from './manifest.ts';
import { createProcessMulticast } from '../multicast/process-multicast.ts';
import { createProcessInbound } from '../inbound/process-inbound.ts';
import { createProcessFastDecoder } from './process-fast.ts';
import { createProcessFpga } from './process-fpga.ts';
import { createProcessLoq } from './process-loq.ts';
import { createProcessMatching } from './process-matching.ts';
import { createProcessNet } from './process-net.ts';
import { createProcessSequencer } from './process-sequencer.ts';
import { withSessionHooks } from './session-hooks.ts';
import { VendorSession } from './vendor-session.ts';
import type { VendorOptions } from './vendor-process.ts';

/** Why a vendor could not be plugged in (before any property ran). */
export class ProcessAdapterError extends Error {
  override readonly name = 'ProcessAdapterError';
}

/** Components with a protocol wrapper. */
export const PROCESS_COMPONENTS = ['fast', 'sequencer', 'matching', 'loq', 'net', 'fpga', 'multicast', 'exchange'] as const;

/**
 * An out-of-process adapter for `component`. `spec` is `cmd:<command line>` (split into argv
 * here, no shell), a manifest path (`*.json`) or a parsed Manifest. Starts the vendor and
 * handshakes at once: the adapter's capabilities (and FAST variants) come from its `ready` line,
 * or from the manifest's `capabilities` / `variants` for the component when it gives them. The adapter has
 * the runner's hooks (restart, beginCase, observe: session-hooks.ts). `options` win over the
 * manifest (e.g. a `--vendor-timeout` given on the command line over the manifest's timeoutMs).
 */
export async function loadProcessAdapter(spec: string | Manifest, component: string, options: VendorOptions = {}): Promise<Adapter<object>> {
  let manifest: Manifest;
  if (typeof spec !== 'string') manifest = parseManifest(spec);
  else if (spec.startsWith('cmd:')) {
    const line = spec.slice('cmd:'.length).trim();
    const argv = splitCommandLine(line);
    manifest = { command: argv[0]!, args: argv.slice(1), name: `cmd:${line}` };
  } else manifest = loadManifest(spec);
  const name = manifest.name ?? [manifest.command, ...(manifest.args ?? [])].join(' ');
  if (!(PROCESS_COMPONENTS as readonly string[]).includes(component)) {
    throw new ProcessAdapterError(`no vendor-protocol wrapper for component '${component}' yet (have: ${PROCESS_COMPONENTS.join(', ')})`);
  }
  const session = await VendorSession.open(
    { command: manifest.command, args: manifest.args ?? [], ...(manifest.cwd ? { cwd: manifest.cwd } : {}), ...(manifest.env ? { env: manifest.env } : {}) },
    {
      ...(manifest.timeoutMs ? { timeoutMs: manifest.timeoutMs } : {}),
      ...(manifest.validation ? { validation: manifest.validation } : {}),
      components: [component],
      ...options,
    },
  );
  const ready = session.ready;
  if (!ready.components[component]) {
    await session.close();
    throw new ProcessAdapterError(`${name} (${ready.implementation.name} ${ready.implementation.version}) implements ${Object.keys(ready.components).join(', ')}, not '${component}'`);
  }
  const override = manifest.capabilities?.[component];
  let adapter: Adapter<object>;
  try {
    adapter = componentAdapter(session, component, name, override, manifest.variants);
  } catch (err) {
    await session.close();
    throw err;
  }
  return withSessionHooks(adapter, session);
}

function componentAdapter(
  session: VendorSession,
  component: string,
  name: string,
  override: Readonly<Record<string, boolean>> | undefined,
  variants: Manifest['variants'],
): Adapter<object> {
  switch (component) {
    case 'fast':
      return createProcessFastDecoder(session, name, override, variants?.fast);
    case 'matching':
      return createProcessMatching(session, name, override);
    case 'loq':
      return createProcessLoq(session, name, override);
    case 'net':
      return createProcessNet(session, name, override);
    case 'fpga':
      return createProcessFpga(session, name, override);
    case 'multicast':
      return createProcessMulticast(session, name, override);
    case 'exchange':
      return createProcessInbound(session, name, override);
    default:
      return createProcessSequencer(session, name, override);
  }
}
