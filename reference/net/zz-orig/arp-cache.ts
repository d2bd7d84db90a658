/**
 * The ARP cache of RFC 826: IPv4 -> MAC, bounded (the oldest entry goes when full, so a flood
 * of senders cannot grow it without limit). Insertion order of a Map is the age order.
 */
export class ArpCache {
  private readonly entries = new Map<number, string>();
  constructor(readonly capacity = 1024) {}

  get size(): number {
    return this.entries.size;
  }

  lookup(ip: number): string | undefined {
    return this.entries.get(ip);
  }

  has(ip: number): boolean {
    return this.entries.has(ip);
  }

  /** Adds or refreshes (moves to youngest). */
  set(ip: number, mac: string): void {
    this.entries.delete(ip);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(ip, mac);
  }

  /** [ip, mac] pairs, oldest first. */
  snapshot(): [number, string][] {
    return [...this.entries];
  }
}
