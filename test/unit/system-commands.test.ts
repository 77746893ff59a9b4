import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  COMMAND_NAMES,
  COMMANDS,
  CommandErrorKind,
  MAX_COMMAND_LENGTH,
  STRATEGIES,
  SystemCommandError,
  formatCommand,
  helpText,
  parseSystemCommand,
  parseSystemCommandOrThrow,
  type ParsedCommand,
  type SystemCommandResult,
} from '../../src/commands/index.js';
import { EvolveError } from '../../src/errors.js';

const RUN_ID = 'r_0mk0a1b2c000a1b2c3d4';

/** The command a text parses to; fails the test with the refusal's message otherwise. */
function parsed(text: string, parameters?: Record<string, unknown> | null): ParsedCommand {
  const result = parseSystemCommand(text, parameters);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(text)} to parse, got:\n${result.error.message}`);
  return result.command;
}

/** The refusal of a text; fails the test if it parses. */
function refused(text: string, parameters?: Record<string, unknown> | null): SystemCommandError {
  const result = parseSystemCommand(text, parameters);
  if (result.ok) assert.fail(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(result.command)}`);
  return result.error;
}

const ERROR_KINDS = Object.values(CommandErrorKind) as string[];

/** What every result must be: a command that formats back to itself, or a well-formed refusal. */
function assertWellFormed(text: string, result: SystemCommandResult, parameters?: Record<string, unknown>): void {
  if (result.ok) {
    const again = parseSystemCommand(formatCommand(result.command), parameters);
    assert.ok(again.ok, `${JSON.stringify(formatCommand(result.command))} (from ${JSON.stringify(text)}) no longer parses`);
    assert.deepEqual(again.command, result.command);
    assert.equal(result.command.parameters.command, result.command.name);
    return;
  }
  const { error } = result;
  assert.ok(error instanceof SystemCommandError && error instanceof EvolveError);
  assert.equal(error.code, 'EVOLVE_COMMAND_INVALID');
  assert.ok(ERROR_KINDS.includes(error.issue.kind), error.issue.kind);
  assert.ok(error.issue.reason.length > 0);
  assert.doesNotMatch(error.issue.reason, /[\n\r\u2028\u2029]/, 'the reason is one line');
  assert.equal(error.message, error.issue.usage === null ? error.issue.reason : `${error.issue.reason}\n${error.issue.usage}`);
}

describe('system commands: the valid forms', () => {
  const cases: [text: string, name: string, task: string | null, args: Record<string, unknown>][] = [
    ['forecast AAPL 7d', 'forecast', 'market_analysis', { symbol: 'AAPL', horizon: '7d', horizonDays: 7 }],
    ['forecast aapl 2W', 'forecast', 'market_analysis', { symbol: 'AAPL', horizon: '2w', horizonDays: 14 }],
    ['forecast msft 1m', 'forecast', 'market_analysis', { symbol: 'MSFT', horizon: '1m', horizonDays: 30 }],
    ['forecast ^gspc 3m', 'forecast', 'market_analysis', { symbol: '^GSPC', horizon: '3m', horizonDays: 90 }],
    ['forecast BRK.B 1y', 'forecast', 'market_analysis', { symbol: 'BRK.B', horizon: '1y', horizonDays: 365 }],
    ['forecast btc-usd 10d', 'forecast', 'market_analysis', { symbol: 'BTC-USD', horizon: '10d', horizonDays: 10 }],
    ['forecast eur/usd 007d', 'forecast', 'market_analysis', { symbol: 'EUR/USD', horizon: '7d', horizonDays: 7 }],
    ['forecast AAPL 1d', 'forecast', 'market_analysis', { symbol: 'AAPL', horizon: '1d', horizonDays: 1 }],
    ['forecast AAPL 5y', 'forecast', 'market_analysis', { symbol: 'AAPL', horizon: '5y', horizonDays: 1825 }],
    ['forecast AAPL 1825d', 'forecast', 'market_analysis', { symbol: 'AAPL', horizon: '1825d', horizonDays: 1825 }],
    ['forecast AAPL 60m', 'forecast', 'market_analysis', { symbol: 'AAPL', horizon: '60m', horizonDays: 1800 }],
    ['analyze tsla', 'analyze', 'market_analysis', { symbol: 'TSLA' }],
    ['sentiment NVDA', 'sentiment', 'sentiment_fetch', { symbol: 'NVDA' }],
    ['risk', 'risk', 'risk_management', { symbols: [] }],
    ['risk aapl MSFT aapl', 'risk', 'risk_management', { symbols: ['AAPL', 'MSFT'] }],
    ['execute', 'execute', 'execution', {}],
    ['explain last', 'explain', 'explanation', { target: 'last' }],
    ['explain LAST', 'explain', 'explanation', { target: 'last' }],
    [`explain ${RUN_ID}`, 'explain', 'explanation', { target: 'run', runId: RUN_ID }],
    [`explain ${RUN_ID.toUpperCase()}`, 'explain', 'explanation', { target: 'run', runId: RUN_ID }],
    ['explain trd_20260105-AAPL-001', 'explain', 'explanation', { target: 'trade', tradeId: 'trd_20260105-AAPL-001' }],
    ['explain TRD_x9', 'explain', 'explanation', { target: 'trade', tradeId: 'trd_x9' }],
    ['sync', 'sync', 'data_sync', { symbols: [] }],
    ['sync aapl ^vix eur/usd', 'sync', 'data_sync', { symbols: ['AAPL', '^VIX', 'EUR/USD'] }],
    ['performance', 'performance', 'performance_analysis', { period: '1m', periodDays: 30 }],
    ['performance 1d', 'performance', 'performance_analysis', { period: '1d', periodDays: 1 }],
    ['performance 1w', 'performance', 'performance_analysis', { period: '1w', periodDays: 7 }],
    ['performance 6M', 'performance', 'performance_analysis', { period: '6m', periodDays: 180 }],
    ['performance YTD', 'performance', 'performance_analysis', { period: 'ytd', periodDays: null }],
    ['performance all', 'performance', 'performance_analysis', { period: 'all', periodDays: null }],
    ['backtest momentum AAPL 1y', 'backtest', 'strategy_backtesting', { strategy: 'momentum', symbol: 'AAPL', period: '1y', periodDays: 365 }],
    ['backtest Mean-Reversion spy ytd', 'backtest', 'strategy_backtesting', { strategy: 'mean_reversion', symbol: 'SPY', period: 'ytd', periodDays: null }],
    ['backtest BUY_AND_HOLD ^gspc 20y', 'backtest', 'strategy_backtesting', { strategy: 'buy_and_hold', symbol: '^GSPC', period: '20y', periodDays: 7300 }],
    ['backtest momentum qqq all', 'backtest', 'strategy_backtesting', { strategy: 'momentum', symbol: 'QQQ', period: 'all', periodDays: null }],
    ['status', 'status', null, {}],
    ['help', 'help', null, { topic: null }],
    ['help Forecast', 'help', null, { topic: 'forecast' }],
  ];

  for (const [text, name, task, args] of cases) {
    it(`reads '${text}' as ${name}${task === null ? '' : ` → ${task}`}`, () => {
      const command = parsed(text);
      assert.equal(command.name, name);
      assert.equal(command.task, task);
      assert.equal(command.kind, task === null ? name : 'task');
      assert.deepEqual(command.args, args);
      assert.deepEqual(command.options, {});
      assert.deepEqual(command.parameters, { ...args, command: name });
    });
  }

  it('ignores the case of the command word and extra whitespace of any kind', () => {
    const canonical = parsed('forecast AAPL 7d');
    for (const text of ['  FORECAST\taapl   7D  ', 'Forecast\u00a0aapl\n7d', '\r\nforecast AAPL 07d\t']) {
      assert.deepEqual(parsed(text), canonical);
    }
  });

  it('types the key=value options and passes them to the agent with the arguments', () => {
    const command = parsed('forecast AAPL 7d confidence=0.95 live=TRUE dry-run=false n=-3 e=1e3 z=-0 big=1e999 note=earnings url=a=b');
    const options = { confidence: 0.95, live: true, 'dry-run': false, n: -3, e: 1000, z: 0, big: '1e999', note: 'earnings', url: 'a=b' };
    assert.deepEqual(command.options, options);
    assert.deepEqual(command.parameters, { ...options, symbol: 'AAPL', horizon: '7d', horizonDays: 7, command: 'forecast' });
    assert.ok(Object.is(command.options.z, 0), '-0 becomes 0 so that it prints back the same');
  });

  it('accepts options anywhere after the command word', () => {
    assert.deepEqual(parsed('forecast limit=3 AAPL 7d'), parsed('forecast AAPL 7d limit=3'));
  });

  it('narrows the arguments by command name at compile time', () => {
    const command = parsed('forecast AAPL 2w');
    assert.ok(command.name === 'forecast');
    const days: number = command.args.horizonDays;
    const fromParameters: string = command.parameters.symbol;
    assert.equal(days, 14);
    assert.equal(fromParameters, 'AAPL');
    const run = parsed(`explain ${RUN_ID}`);
    assert.ok(run.name === 'explain' && run.args.target === 'run');
    assert.equal(run.args.runId, RUN_ID);
  });

  it('returns frozen commands', () => {
    const command = parsed('sync AAPL');
    assert.ok(Object.isFrozen(command) && Object.isFrozen(command.args) && Object.isFrozen(command.parameters));
    assert.ok(command.name === 'sync' && Object.isFrozen(command.args.symbols));
  });
});

describe('system commands: refusals', () => {
  const cases: [text: string, kind: CommandErrorKind, fragments: string[]][] = [
    ['', 'empty', ['the command is empty', 'valid commands:']],
    ['   \t\n ', 'empty', ['the command is empty']],
    ['forcast AAPL 7d', 'unknown_command', ["unknown command 'forcast'", "did you mean 'forecast'?", 'valid commands:']],
    ['perf', 'unknown_command', ["did you mean 'performance'?"]],
    ['hlep', 'unknown_command', ["did you mean 'help'?"]],
    ['forecast', 'arity', ["'forecast' takes 2 arguments, but got none", 'usage: forecast <SYMBOL> <horizon: 7d|2w|1m|3m|1y>']],
    ['forecast AAPL', 'arity', ["'forecast' takes 2 arguments, but got 1 ('AAPL')", 'usage: forecast <SYMBOL>']],
    ['forecast AAPL 7d 2w', 'arity', ['takes 2 arguments, but got 3']],
    ['forecast AAPL 7 d', 'arity', ['got 3']],
    ['analyze', 'arity', ["'analyze' takes 1 argument, but got none", 'usage: analyze <SYMBOL>']],
    ['sentiment AAPL MSFT', 'arity', ["'sentiment' takes 1 argument", 'usage: sentiment <SYMBOL>']],
    ['execute AAPL', 'arity', ["'execute' takes no arguments, but got 1 ('AAPL')", 'usage: execute']],
    ['status now', 'arity', ["'status' takes no arguments"]],
    ['explain', 'arity', ['usage: explain <last|run-id|trade-id>']],
    ['performance 1m 3m', 'arity', ["'performance' takes at most 1 argument, but got 2"]],
    ['backtest momentum AAPL', 'arity', ["'backtest' takes 3 arguments", 'usage: backtest <momentum|mean_reversion|buy_and_hold> <SYMBOL> <period']],
    ['help forecast status', 'arity', ["'help' takes at most 1 argument"]],
    ['forecast AA$PL 7d', 'bad_symbol', ["'AA$PL' is not a symbol", 'BRK.B', 'usage: forecast']],
    ['forecast ABCDEFGHIJK 7d', 'bad_symbol', ["'ABCDEFGHIJK' is not a symbol", '1 to 10']],
    ['forecast ^ 7d', 'bad_symbol', ["'^' is not a symbol", 'at least one letter or digit']],
    ['forecast ÄPL 7d', 'bad_symbol', ["'ÄPL' is not a symbol"]],
    ['analyze ß', 'bad_symbol', ["'ß' is not a symbol"]],
    ['sync AAPL $$', 'bad_symbol', ["'$$' is not a symbol", 'usage: sync [SYMBOL…]']],
    ['risk MSFT AAPL!', 'bad_symbol', ["'AAPL!' is not a symbol"]],
    ['forecast AAPL 7x', 'bad_horizon', ["'7x' is not a horizon", 'd, w, m or y', '7d, 2w, 1m, 3m or 1y']],
    ['forecast AAPL 7', 'bad_horizon', ["'7' is not a horizon"]],
    ['forecast AAPL 1.5w', 'bad_horizon', ["'1.5w' is not a horizon"]],
    ['forecast AAPL 7days', 'bad_horizon', ["'7days' is not a horizon"]],
    ['forecast AAPL -1d', 'bad_horizon', ["'-1d' is not a horizon"]],
    ['forecast AAPL 0d', 'bad_horizon', ["horizon '0d' is 0 days", 'between 1 day and 5 years']],
    ['forecast AAPL 0y', 'bad_horizon', ["horizon '0y' is 0 days"]],
    ['forecast AAPL 6y', 'bad_horizon', ["horizon '6y' is 2190 days", '1825 days']],
    ['forecast AAPL 1826d', 'bad_horizon', ['1826 days']],
    ['forecast AAPL 61m', 'bad_horizon', ['1830 days']],
    ['forecast AAPL 9999999d', 'bad_horizon', ["'9999999d' is not a horizon"]],
    ['performance 1q', 'bad_period', ["'1q' is not a period", 'ytd, all']],
    ['performance 0m', 'bad_period', ["period '0m' is 0 days", 'between 1 day and 20 years']],
    ['backtest momentum AAPL 21y', 'bad_period', ["period '21y' is 7665 days", 'usage: backtest']],
    ['explain yesterday', 'bad_target', ["'yesterday' is not something to explain", 'last, a run id (r_…) or a trade id (trd_…)']],
    ['explain r_abc', 'bad_target', ["'r_abc' is not a run id", 'r_ followed by 20']],
    ['explain trd_', 'bad_target', ["'trd_' is not something to explain"]],
    ['backtest momentim AAPL 1y', 'unknown_strategy', ["unknown strategy 'momentim'", "did you mean 'momentum'?", 'momentum, mean_reversion or buy_and_hold']],
    ['backtest meanreversion AAPL 1y', 'unknown_strategy', ["did you mean 'mean_reversion'?"]],
    ['backtest pairs AAPL 1y', 'unknown_strategy', ["unknown strategy 'pairs': use momentum"]],
    ['help forcast', 'unknown_topic', ["'forcast' is not a command", "did you mean 'forecast'?"]],
    ['forecast AAPL 7d =5', 'bad_option', ["'=5' is not an option", 'key=value']],
    ['forecast AAPL 7d limit=', 'bad_option', ["'limit=' is not an option"]],
    ['forecast AAPL 7d __proto__=1', 'bad_option', ["'__proto__=1' is not an option"]],
    ['forecast AAPL 7d 9lives=1', 'bad_option', ["'9lives=1' is not an option"]],
    ['forecast AAPL 7d symbol=MSFT', 'bad_option', ["option 'symbol=MSFT' sets symbol, which the command's arguments set"]],
    ['forecast AAPL 7d horizonDays=3', 'bad_option', ['sets horizonDays']],
    ['execute command=forecast', 'bad_option', ['sets command']],
    ['explain last runId=r_x', 'bad_option', ['sets runId']],
    ['execute dry=1 dry=2', 'bad_option', ["option 'dry' is given twice"]],
  ];

  for (const [text, kind, fragments] of cases) {
    it(`refuses '${text.replace(/\s/g, ' ')}' (${kind})`, () => {
      const error = refused(text);
      assert.equal(error.issue.kind, kind);
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), `missing ${JSON.stringify(fragment)} in:\n${error.message}`);
      assertWellFormed(text, { ok: false, error });
    });
  }

  it('lists every command form, one per line, when the command word is wrong', () => {
    const error = refused('frobnicate AAPL');
    const lines = error.message.split('\n');
    assert.equal(lines[0], "unknown command 'frobnicate'.");
    assert.equal(lines[1], 'valid commands:');
    assert.deepEqual(lines.slice(2), COMMAND_NAMES.map((name) => `  ${COMMANDS[name].usage}`));
    assert.equal(error.issue.suggestion, null);
    assert.equal(error.issue.command, null);
  });

  it('gives one sentence and then the usage of the command whose arguments were wrong', () => {
    const error = refused('forecast AAPL 0d');
    const lines = error.message.split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^horizon '0d' is 0 days: .*\.$/);
    assert.equal(lines[1], `usage: ${COMMANDS.forecast.usage}`);
    assert.equal(error.issue.command, 'forecast');
  });

  it('names the nearest valid word in the issue for programs', () => {
    assert.equal(refused('forcast AAPL 7d').issue.suggestion, 'forecast');
    assert.equal(refused('backtest momentim AAPL 1y').issue.suggestion, 'momentum');
    assert.equal(refused('help analyse').issue.suggestion, 'analyze');
  });

  it('refuses input longer than the limit before looking at it', () => {
    const long = `sync ${'A '.repeat(300)}`;
    assert.equal(refused(long).issue.kind, 'too_long');
    assert.match(refused(long).message, new RegExp(`${long.length} characters long, more than the ${MAX_COMMAND_LENGTH}`));
    assert.equal(refused('x'.repeat(10_000_000)).issue.kind, 'too_long');
    const atLimit = `sync${' '.repeat(MAX_COMMAND_LENGTH - 'sync AAPL'.length)} AAPL`;
    assert.equal(atLimit.length, MAX_COMMAND_LENGTH);
    assert.deepEqual(parsed(atLimit).args, { symbols: ['AAPL'] });
  });

  it('refuses input that is not text, as a JavaScript caller might pass', () => {
    for (const value of [undefined, null, 42, { command: 'status' }]) {
      const result = parseSystemCommand(value as unknown as string);
      assert.ok(!result.ok && result.error.issue.kind === 'not_text');
    }
  });

  it('quotes bad tokens safely: cut to 40 characters, control characters escaped', () => {
    const error = refused(`analyze ${'Z'.repeat(60)}`);
    assert.ok(error.message.includes(`'${'Z'.repeat(40)}…'`));
    assert.ok(refused('analyze A\u0007B').message.includes("'A\\u0007B'"));
  });

  it('throws the same error from the throwing form, and nothing else', () => {
    assert.throws(
      () => parseSystemCommandOrThrow('forcast AAPL 7d'),
      (error: unknown) =>
        error instanceof SystemCommandError &&
        error instanceof EvolveError &&
        error.code === 'EVOLVE_COMMAND_INVALID' &&
        error.httpStatus === 400 &&
        error.exitCode === 2 &&
        error.kind === 'unknown_command',
    );
    assert.equal(parseSystemCommandOrThrow('status').kind, 'status');
  });
});

describe('system commands: the caller parameters', () => {
  it('merges extra parameters in with the arguments', () => {
    const command = parsed('forecast AAPL 7d', { model: 'lstm', confidence: 0.9 });
    assert.deepEqual(command.parameters, { model: 'lstm', confidence: 0.9, symbol: 'AAPL', horizon: '7d', horizonDays: 7, command: 'forecast' });
    assert.deepEqual(command.options, {}, 'caller parameters are not options: they do not print back');
  });

  it('accepts a parameter that repeats an argument with the same value', () => {
    const command = parsed('sync AAPL MSFT', { symbols: ['AAPL', 'MSFT'], command: 'sync' });
    assert.deepEqual(command.parameters, { symbols: ['AAPL', 'MSFT'], command: 'sync' });
    assert.deepEqual(parsed('forecast AAPL 7d live=true', { live: true }).parameters.live, true);
  });

  it('refuses a parameter that contradicts an argument, an option or the command', () => {
    const cases: [text: string, parameters: Record<string, unknown>, fragment: string][] = [
      ['forecast AAPL 7d', { symbol: 'MSFT' }, "parameter 'symbol' is 'MSFT' but the command says 'AAPL'"],
      ['forecast AAPL 7d', { horizonDays: 8 }, "parameter 'horizonDays' is 8 but the command says 7"],
      ['forecast AAPL 7d', { command: 'execute' }, "parameter 'command' is 'execute'"],
      ['sync AAPL', { symbols: ['MSFT'] }, "parameter 'symbols' is [ 'MSFT' ]"],
      ['explain last', { runId: RUN_ID }, 'but the command sets no runId'],
      ['forecast AAPL 7d live=true', { live: false }, "parameter 'live' is false but the option says true"],
    ];
    for (const [text, parameters, fragment] of cases) {
      const error = refused(text, parameters);
      assert.equal(error.issue.kind, 'conflict');
      assert.ok(error.message.includes(fragment), `missing ${JSON.stringify(fragment)} in:\n${error.message}`);
      assert.ok(error.message.endsWith(`usage: ${COMMANDS[error.issue.command as 'forecast'].usage}`));
    }
  });

  it('treats null like no parameters (the original API passed None) and refuses a non-object', () => {
    assert.deepEqual(parsed('status', null).parameters, { command: 'status' });
    assert.equal(refused('status', [1, 2] as unknown as Record<string, unknown>).issue.kind, 'bad_parameters');
    assert.equal(refused('status', 'x' as unknown as Record<string, unknown>).issue.kind, 'bad_parameters');
  });

  it('keeps an own __proto__ key of a JSON body as data, never as a prototype', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const command = parsed('status', body);
    assert.equal(Object.getPrototypeOf(command.parameters), Object.prototype);
    assert.equal((command.parameters as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(command.parameters), ['__proto__', 'x', 'command']);
  });
});

describe('formatCommand and helpText', () => {
  it('prints the canonical form of a command', () => {
    const cases: [text: string, canonical: string][] = [
      ['FORECAST aapl 007D', 'forecast AAPL 7d'],
      ['performance', 'performance 1m'],
      ['backtest Mean-Reversion spy YTD', 'backtest mean_reversion SPY ytd'],
      ['risk aapl msft aapl', 'risk AAPL MSFT'],
      ['explain LAST', 'explain last'],
      ['explain TRD_a', 'explain trd_a'],
      ['help', 'help'],
      ['execute dry=TRUE qty=+5.0', 'execute dry=true qty=5'],
    ];
    for (const [text, canonical] of cases) assert.equal(formatCommand(parsed(text)), canonical);
  });

  it('lists every usage, summary and task in the reference', () => {
    const text = helpText();
    for (const name of COMMAND_NAMES) {
      const spec = COMMANDS[name];
      assert.ok(text.includes(spec.usage) && text.includes(spec.summary), name);
      assert.ok(text.includes(spec.task === null ? 'answered by the orchestrator' : `runs task ${spec.task}`), name);
    }
  });

  it("shows one command's usage, summary, task and example", () => {
    assert.equal(
      helpText('forecast'),
      [
        'usage: forecast <SYMBOL> <horizon: 7d|2w|1m|3m|1y>',
        "  forecast a symbol's price over a horizon of 1 day to 5 years (runs task market_analysis)",
        '  example: forecast AAPL 7d',
      ].join('\n'),
    );
  });

  it('keeps every example in the table valid', () => {
    for (const name of COMMAND_NAMES) assert.equal(parsed(COMMANDS[name].example).name, name);
  });

  it('is documented in docs/commands.md: every usage and every command → task mapping', () => {
    const docs = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    for (const name of COMMAND_NAMES) {
      const spec = COMMANDS[name];
      assert.ok(docs.includes(`\`${spec.usage}\``), `docs/commands.md lacks the usage of ${name}`);
      const row = new RegExp(`^\\| \`${name}\` \\| ${spec.task === null ? '—' : `\`${spec.task}\``} \\|`, 'm');
      assert.match(docs, row, `docs/commands.md lacks the mapping row of ${name}`);
    }
    for (const strategy of STRATEGIES) assert.ok(docs.includes(`\`${strategy}\``), strategy);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const separator = fc.constantFrom(' ', '  ', '\t', '\u00a0', ' \n ', '\u3000');

/** Joins tokens with arbitrary whitespace, sometimes with some before and after. */
function joined(tokens: fc.Arbitrary<readonly string[]>): fc.Arbitrary<string> {
  return fc
    .tuple(tokens, fc.array(separator, { minLength: 8, maxLength: 8 }), fc.option(separator), fc.option(separator))
    .map(([parts, seps, lead, trail]) => `${lead ?? ''}${parts.map((part, i) => (i === 0 ? part : `${seps[i % 8] ?? ' '}${part}`)).join('')}${trail ?? ''}`);
}

/** Any case of an ASCII word: `forecast`, `FORECAST`, `fOrEcAsT`. */
function anyCase(words: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...words), fc.infiniteStream(fc.boolean()))
    .map(([word, upper]) => [...word].map((c) => (upper.next().value === true ? c.toUpperCase() : c)).join(''));
}

const symbolToken = fc.stringMatching(/^[A-Za-z0-9.^/-]{1,10}$/).filter((s) => /[A-Za-z0-9]/.test(s));

/** A duration token of 1 day up to maxDays, any case, sometimes with leading zeros, and its days. */
function durationToken(maxDays: number): fc.Arbitrary<readonly [string, number]> {
  return fc
    .tuple(fc.constantFrom(['d', 1], ['w', 7], ['m', 30], ['y', 365]), fc.boolean(), fc.boolean(), fc.nat())
    .map(([[unit, size], upper, padded, n]) => {
      const count = 1 + (n % Math.floor(maxDays / size));
      return [`${padded ? '0' : ''}${count}${upper ? unit.toUpperCase() : unit}`, count * size] as const;
    });
}
const horizonToken = durationToken(1825).map(([text]) => text);
const periodToken = fc.oneof(durationToken(7300).map(([text]) => text), anyCase(['ytd', 'all']));

const RESERVED = new Set(['command', ...COMMAND_NAMES.flatMap((name) => COMMANDS[name].fields)]);
const optionValue = fc.oneof(
  fc.constantFrom('true', 'FALSE', '0', '-0', '00', '1e999', '1e-999', '3.5', '.5', '5.', '+7', '1_0', 'NaN', 'a=b'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.stringMatching(/^\S{1,8}$/),
);
const options = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,8}$/).filter((key) => !RESERVED.has(key)), optionValue), {
    maxLength: 3,
    selector: ([key]) => key,
  })
  .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`));

/** The tokens of a valid command of every form, built from the grammar. */
const validTokens: fc.Arbitrary<readonly string[]> = fc
  .tuple(
    fc.oneof(
      fc.tuple(anyCase(['forecast']), symbolToken, horizonToken),
      fc.tuple(anyCase(['analyze', 'sentiment']), symbolToken),
      fc.tuple(anyCase(['risk', 'sync'])).chain((head) => fc.array(symbolToken, { maxLength: 4 }).map((symbols) => [...head, ...symbols])),
      fc.tuple(anyCase(['execute', 'status', 'performance', 'help'])),
      fc.tuple(anyCase(['performance']), periodToken),
      fc.tuple(anyCase(['help']), anyCase(COMMAND_NAMES)),
      fc.tuple(
        anyCase(['explain']),
        fc.oneof(anyCase(['last']), fc.constantFrom(RUN_ID, RUN_ID.toUpperCase()), fc.stringMatching(/^(?:trd|TRD)_[A-Za-z0-9_-]{1,60}$/)),
      ),
      fc.tuple(anyCase(['backtest']), fc.oneof(anyCase(STRATEGIES), fc.constantFrom('Mean-Reversion', 'buy-and-hold')), symbolToken, periodToken),
    ),
    options,
  )
  .map(([head, opts]) => [...head, ...opts]);

/** A token that is valid somewhere, nearly valid, or junk. */
const strayToken = fc.oneof(
  fc.constantFrom('forcast', 'AAPL', '7d', '0d', '6y', '13m', '21y', '1q', 'r_123', 'trd_', 'momentim', 'symbol=X', 'command=x', '=', 'x=', '__proto__=1', 'constructor', '^'),
  symbolToken,
  fc.tuple(fc.integer({ min: -5, max: 8_000 }), fc.constantFrom('d', 'w', 'm', 'y', 'D', 'q', '')).map(([n, unit]) => `${n}${unit}`),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

/** A valid command with one or two mistakes: a token dropped, replaced, inserted or repeated. */
const nearValidTokens: fc.Arbitrary<readonly string[]> = fc
  .tuple(validTokens, fc.array(fc.tuple(fc.constantFrom('drop', 'replace', 'insert', 'repeat'), fc.nat(), strayToken), { minLength: 1, maxLength: 2 }))
  .map(([tokens, mutations]) => {
    const out = [...tokens];
    for (const [mutation, n, stray] of mutations) {
      const at = n % (out.length + 1);
      if (mutation === 'drop') out.splice(at, 1);
      else if (mutation === 'replace') out.splice(at, 1, stray);
      else if (mutation === 'insert') out.splice(at, 0, stray);
      else out.splice(at, 0, out[at] ?? stray);
    }
    return out;
  });

describe('system commands: properties', () => {
  it('never throws for any string, and every result is a command that formats back to itself or a well-formed refusal', () => {
    const anyString = fc.oneof(
      fc.string({ maxLength: 600 }),
      fc.string({ unit: 'binary', maxLength: 600 }),
      fc.string({ unit: 'grapheme', maxLength: 120 }),
      fc.string({ unit: fc.constantFrom(' ', '=', 'a', 'A', '7', 'd', '.', '^', '/', '\u00a0'), maxLength: 40 }),
    );
    fc.assert(
      fc.property(anyString, (text) => assertWellFormed(text, parseSystemCommand(text))),
      { numRuns: 3_000 },
    );
  });

  it('parses every command built from the grammar, and formats it back to the same command', () => {
    fc.assert(
      fc.property(joined(validTokens), (text) => {
        const result = parseSystemCommand(text);
        assert.ok(result.ok, `${JSON.stringify(text)} was refused: ${result.ok ? '' : result.error.message}`);
        assertWellFormed(text, result);
      }),
      { numRuns: 3_000 },
    );
  });

  it('survives near-valid token sequences with a command or a well-formed refusal', () => {
    const line = joined(nearValidTokens);
    fc.assert(
      fc.property(line, (text) => assertWellFormed(text, parseSystemCommand(text))),
      { numRuns: 5_000 },
    );
    // The generator must stay near the grammar: both outcomes, and many kinds of refusal.
    const results = fc.sample(line, { numRuns: 2_000, seed: 42 }).map((text) => parseSystemCommand(text));
    const kinds = new Set<string>(results.map((r) => (r.ok ? 'ok' : r.error.issue.kind)));
    assert.ok(results.filter((r) => r.ok).length >= 200, 'too few near-valid lines parse');
    for (const kind of ['ok', 'unknown_command', 'arity', 'bad_symbol', 'bad_horizon', 'bad_period', 'bad_option', 'unknown_strategy']) {
      assert.ok(kinds.has(kind), `no near-valid line produced ${kind}: ${[...kinds].join(', ')}`);
    }
  });

  it('round-trips with caller parameters too, and never throws for any parameters object', () => {
    const parameters = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...RESERVED)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
    fc.assert(
      fc.property(joined(fc.oneof(validTokens, nearValidTokens)), parameters, (text, given) => assertWellFormed(text, parseSystemCommand(text, given), given)),
      { numRuns: 2_000 },
    );
  });

  it('reads every forecast horizon in calendar days: d = 1, w = 7, m = 30, y = 365', () => {
    fc.assert(
      fc.property(symbolToken, durationToken(1825), (symbol, [text, days]) => {
        const command = parsed(`forecast ${symbol} ${text}`);
        assert.deepEqual(command.args, { symbol: symbol.toUpperCase(), horizon: text.toLowerCase().replace(/^0+/, ''), horizonDays: days });
      }),
      { numRuns: 1_000 },
    );
  });
});
