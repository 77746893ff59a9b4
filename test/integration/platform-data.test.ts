import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataManager } from '../../src/platform/components/data-manager.js';
import { platformFixture } from '../support/platform.js';

describe('DataManager', () => {
  it('syncs bars through the last closed session, idempotently, and serves them', async () => {
    const f = platformFixture();
    const data = f.install(new DataManager(f.ctx));
    const first = await data.sync();
    assert.equal(first.through, '2026-11-24');
    assert.ok(first.symbols['AAPL']!.added >= 250, `${first.symbols['AAPL']!.added} bars`);
    assert.equal(first.symbols['SPY']!.last, '2026-11-24', 'the benchmark is synced too');
    const again = await data.sync();
    assert.deepEqual(Object.values(again.symbols).map((s) => s.added), [0, 0, 0, 0]);
    const bars = data.bars('AAPL', 5);
    assert.deepEqual(bars.map((b) => b.date), ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24']);
    assert.equal(data.latestPrice('AAPL'), bars.at(-1)!.close);
    await f.clock.advanceTo(Date.parse('2026-11-27T19:00:00.000Z')); // after the early close of the day after Thanksgiving
    const later = await data.sync(['AAPL']);
    assert.deepEqual([later.through, later.symbols['AAPL']!.added], ['2026-11-27', 2]);
    const vol = data.marketVolatility()!;
    assert.ok(vol > 0.03 && vol < 1.5, `benchmark volatility ${vol}`);
  });
});
