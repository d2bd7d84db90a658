import type { Adapter } from '../adapter.ts';
import { splitCommandLine } from './command-line.ts';
import { loadManifest, parseManifest, type Manifest } from './manifest.ts';
import { createProcessMulticast } from '../multicast/process-multicast.ts';
import { createProcessFastDecoder } from './process-fast.ts';
import { createProcessFpga } from './process-fpga.ts';
import { createProcessLoq } from './process-loq.ts';
import { createProcessMatching } from './process-matching.ts';
import { createProcessNet } from './process-net.ts';
import { createProcessSequencer } from './process-sequencer.ts';
import { VendorSession } from './vendor-session.ts';
import type { VendorOptions } from './vendor-process.ts';

/** Why a vendor could not be plugged in (before any property ran). */
export class ProcessAdapterError extends Error {
  override readonly name = 'ProcessAdapterError';
}

/** Components with a protocol wrapper. */
export const PROCESS_COMPONENTS = ['fast', 'sequencer', 'matching', 'loq', 'net', 'fpga', 'multicast'] as const;

/**
 * An out-of-process adapter for `component`. `spec` is `cmd:<command line>` (split into argv
 * here, no shell), a manifest path (`*.json`) or a parsed Manifest. Starts the vendor and
 * handshakes at once: the adapter's capabilities come from its `ready` line.
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
  switch (component) {
    case 'fast':
      return createProcessFastDecoder(session, name, override);
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
    default:
      return createProcessSequencer(session, name, override);
  }
}
