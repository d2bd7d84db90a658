import { describe, expect, it } from 'vitest';
import { FastError } from '../../fast/errors.ts';
import { createMatchingEngine } from '../../matching/engine.ts';
import { MdDecodeCache } from './md-gateway.ts';
import { MdPublisher } from './md-publisher.ts';
import { MdFormatError } from './md-update.ts';

describe('MdPublisher', () => {
  it('conflates: a level touched several times between publications is sent once, with its latest size', () => {
    const engine = createMatchingEngine({ symbols: [{ symbol: 'X', tickSize: 1 }] });
    const pub = new MdPublisher();
    const sink = (e: { type: string }) => e.type === 'level' && pub.onLevel(e as never);
    engine.applyTo({ type: 'new', id: 'a', account: 'A', symbol: 'X', side: 'buy', orderType: 'limit', price: 99, quantity: 5 }, sink);
    engine.applyTo({ type: 'new', id: 'b', account: 'B', symbol: 'X', side: 'buy', orderType: 'limit', price: 99, quantity: 2 }, sink);
    engine.applyTo({ type: 'new', id: 'c', account: 'C', symbol: 'X', side: 'sell', orderType: 'limit', price: 101, quantity: 1 }, sink);
    engine.applyTo({ type: 'new', id: 'd', account: 'D', symbol: 'X', side: 'sell', orderType: 'limit', price: 102, quantity: 1 }, sink);
    const u0 = pub.close(1_000);
    expect(u0).toEqual({
      seq: 0,
      sendingTimeNs: 1_000,
      entries: [
        { side: 0, price: 99, size: 7, orders: 2 },
        { side: 1, price: 101, size: 1, orders: 1 },
        { side: 1, price: 102, size: 1, orders: 1 },
      ],
    });
    engine.applyTo({ type: 'new', id: 'e', account: 'E', symbol: 'X', side: 'buy', orderType: 'limit', price: 101, quantity: 1, tif: 'ioc' }, sink);
    const u1 = pub.close(2_000);
    expect(u1.entries).toEqual([{ side: 1, price: 101, size: 0, orders: 0 }]); // a deletion
    expect(pub.close(3_000)).toEqual({ seq: 2, sendingTimeNs: 3_000, entries: [] }); // an empty packet still moves the sequence

    // FAST both ways: the reference decoder gives back the same publication.
    const cache = new MdDecodeCache();
    for (const u of [u0, u1]) expect(cache.decode(pub.encode(u))).toEqual(u);
  });

  it('bad packets are typed errors, never a half-built update', () => {
    const cache = new MdDecodeCache();
    const pub = new MdPublisher();
    const good = pub.encode(pub.close(5));
    expect(() => cache.decode(good.subarray(0, good.length - 1))).toThrow(FastError);
    expect(() => cache.decode(Uint8Array.from([...good, 0x80]))).toThrow(MdFormatError);
    expect(() => cache.decode(Uint8Array.from([0xc0, 0x85]))).toThrow(FastError); // template 5: unknown
  });
});
