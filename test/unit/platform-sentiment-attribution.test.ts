import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_COMPANY_NAMES, scoreHeadlines, SymbolAttributor } from '../../src/platform/sentiment/index.js';

const names = { Apple: 'AAPL', Microsoft: 'MSFT', Tesla: 'TSLA', 'Meta Platforms': 'META', Meta: 'META', Target: 'TGT', 'Johnson & Johnson': 'JNJ', 'Berkshire Hathaway': 'BRK.B' };
const attributor = new SymbolAttributor({ names });

describe('symbol attribution', () => {
  const cases: [title: string, symbols: string[]][] = [
    ['$AAPL jumps after the bell', ['AAPL']],
    ['Traders pile into $nvda and $BRK.B', ['BRK.B', 'NVDA']],
    ['Acme Robotics (NASDAQ: ACME) wins contract', ['ACME']],
    ['Globex (NYSE:GBX) and Initech (Nasdaq: intc) merge', ['GBX', 'INTC']],
    ['AAPL and TSLA lead the market higher', ['AAPL', 'TSLA']],
    ['CEO says AI demand is strong, FDA approval due', []],
    ['Tesla and Microsoft announce partnership', ['MSFT', 'TSLA']],
    ["Microsoft's cloud grows", ['MSFT']],
    ['Meta Platforms shares rise', ['META']],
    ['Johnson & Johnson recalls a product', ['JNJ']],
    ['Berkshire Hathaway buys more stock', ['BRK.B']],
    ["Applebee's opens new restaurants", []],
    ['Analysts lift their target price on apple pie makers', []],
    ['A meta-analysis of returns', []],
    ['Target cuts guidance', ['TGT']],
    ['APPLE AND TESLA SHARES SURGE', ['AAPL', 'TSLA']],
    ['CEO OF ACME SAYS AAPL DEAL OFF', []],
    ['Acme raises $5 billion in bond sale', []],
  ];
  for (const [title, symbols] of cases) {
    it(`attribute ${JSON.stringify(title)} to ${symbols.length === 0 ? 'no symbol' : symbols.join(', ')}`, () => {
      assert.deepEqual(attributor.attribute(title), symbols);
    });
  }

  it('add the symbols the source declared, upper-cased and without repeats', () => {
    assert.deepEqual(attributor.attribute('Apple beats estimates', ['aapl', 'XYZ']), ['AAPL', 'XYZ']);
  });

  it('keep only the universe when one is given, and know its bare tickers', () => {
    const narrow = new SymbolAttributor({ names, universe: ['AAPL', 'IBM'] });
    assert.deepEqual(narrow.attribute('$TSLA falls while Apple and IBM rise', ['MSFT']), ['AAPL', 'IBM']);
  });

  it('reject a name map with a malformed ticker', () => {
    assert.throws(() => new SymbolAttributor({ names: { Apple: 'apple inc' } }), /ticker "apple inc"/);
  });

  it('attribute scored headlines with the default company names', () => {
    const [scored] = scoreHeadlines([{ id: '1', published: '2026-01-05T14:00:00.000Z', source: 'wire', title: 'Nvidia beats estimates; Google shares slip' }]);
    assert.equal(DEFAULT_COMPANY_NAMES['Google'], 'GOOGL');
    assert.deepEqual(scored?.symbols, ['GOOGL', 'NVDA']);
    assert.ok((scored?.score ?? 0) > 0);
  });
});
