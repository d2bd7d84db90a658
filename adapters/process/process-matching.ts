import { matchingCapabilitiesOf, type BookSnapshot, type MatchingAdapter, type MatchingConfig, type MatchingEvent } from '../matching.ts';
import type { VendorSession } from './vendor-session.ts';

/**
 * MatchingAdapter over the vendor protocol: matching.reset / matching.apply / matching.snapshot,
 * commands and events in their canonical JSON forms (spec/exchange/). After a restart the
 * session re-sends the last configuration; the books it held are gone (the fault already
 * failed the property that built them).
 */
export function createProcessMatching(session: VendorSession, name: string, override?: Readonly<Record<string, boolean>>): MatchingAdapter {
  let config: MatchingConfig | undefined;
  session.onRestart = async (p) => {
    if (config !== undefined) await p.request('matching.reset', { config });
  };
  return {
    name,
    component: 'matching',
    // Flags from the manifest's override, else the vendor's ready; `stp: true` means all four modes.
    capabilities: matchingCapabilitiesOf(override ?? session.ready.components.matching?.capabilities ?? {}),
    async reset(c: MatchingConfig): Promise<void> {
      config = undefined;
      await session.request('matching.reset', { config: c });
      config = c;
    },
    async apply(command: unknown): Promise<MatchingEvent[]> {
      return (await session.request<{ events: MatchingEvent[] }>('matching.apply', { command: command ?? null })).events;
    },
    async snapshot(): Promise<BookSnapshot[]> {
      return (await session.request<{ books: BookSnapshot[] }>('matching.snapshot', {})).books;
    },
    close: () => session.close(),
  };
}
