/**
 * What each key accepts, in words, with an example: the text of "must be …" messages and their
 * fixes. Keyed by a path pattern (`tasks.*.retry_count`); environment task overrides share the
 * task rules and environment settings share the orchestrator's.
 */
import { BUILT_IN_CALENDAR_NAMES } from '../calendar/calendar-by-name.js';
import type { KeyPath } from './source-map.js';

export interface FieldRule {
  /** Completes "X must be …". */
  rule: string;
  /** A valid YAML value, used in the fix: `set X to <rule>, e.g. X: <example>`. */
  example?: string;
  /** A fix that replaces the generated one. */
  fix?: string;
  /** Valid values to suggest the nearest of ("did you mean …?"). */
  candidates?: () => readonly string[];
}

const BOOL: FieldRule = { rule: 'true or false', example: 'true', fix: 'write true or false (without quotes)' };
const minutes = (example: string, min = '> 0'): FieldRule => ({ rule: `a number of minutes ${min}`, example });
const whole = (min: number, example: string): FieldRule => ({ rule: `a whole number ≥ ${min}`, example });
const ZONE: FieldRule = {
  rule: 'an IANA time zone name',
  example: 'America/New_York',
  fix: 'use an IANA time zone name such as UTC, America/New_York or Europe/London',
  candidates: () => ['UTC', ...Intl.supportedValuesOf('timeZone')],
};
const mapping = (what: string, fix: string): FieldRule => ({ rule: `a mapping of ${what}`, fix });

const RULES: Readonly<Record<string, FieldRule>> = {
  '': mapping('sections (orchestrator, store, tasks, environments, alerts, monitoring, logging)', 'start the file with a section such as "tasks:" followed by indented keys'),
  orchestrator: mapping('orchestrator settings', 'indent the settings under "orchestrator:", e.g. "  max_concurrent_tasks: 5"'),
  'orchestrator.enabled': BOOL,
  'orchestrator.max_concurrent_tasks': whole(1, '5'),
  'orchestrator.default_timeout_minutes': minutes('15'),
  'orchestrator.health_check_interval_minutes': minutes('5'),
  'orchestrator.timezone': ZONE,
  'orchestrator.calendar': { rule: `a calendar name (${BUILT_IN_CALENDAR_NAMES.join(', ')})`, example: 'XNYS', candidates: () => BUILT_IN_CALENDAR_NAMES },
  'orchestrator.agents_dir': { rule: 'a folder path, relative to this file', example: './agents' },
  'orchestrator.shutdown_grace_seconds': { rule: 'a number of seconds ≥ 0', example: '30' },
  'orchestrator.misfire_grace_seconds': { rule: 'a number of seconds ≥ 0', example: '60' },
  'orchestrator.dependency_timeout_minutes': minutes('60'),
  store: mapping('store settings', 'indent the settings under "store:", e.g. "  data_dir: ./data"'),
  'store.data_dir': { rule: 'a folder path', example: './data' },
  'store.synchronous': { rule: 'normal or full', example: 'normal' },
  tasks: mapping('task names to their settings', 'indent each task under "tasks:", e.g. "  data_sync:" then "    interval_minutes: 5"'),
  'tasks.*': mapping('task settings', 'indent the task\'s settings under its name, e.g. "    interval_minutes: 5"'),
  'tasks.*.enabled': BOOL,
  'tasks.*.agent': { rule: 'the name of a registered agent, or an agent of its own: { module }, { command } or { http }', example: 'data_sync' },
  'tasks.*.agent.module': { rule: 'the path of a JavaScript or TypeScript module, relative to this file', example: './agents/custom.js' },
  'tasks.*.agent.command': { rule: 'a non-empty list: the program, then its arguments', example: '["python3", "agents/model_innovation.py"]' },
  'tasks.*.agent.command[]': { rule: 'text (one program argument)', example: '"agents/model_innovation.py"' },
  'tasks.*.agent.cwd': { rule: 'a folder, relative to this file', example: './agents' },
  'tasks.*.agent.env': mapping('variable names to values', 'write e.g. "env: { API_KEY: ${MARKET_API_KEY} }"'),
  'tasks.*.agent.env.*': { rule: 'text, a number or true/false', example: '"${MARKET_API_KEY}"' },
  'tasks.*.agent.pass_env': { rule: 'a list of environment variable names', example: '[TZ, PYTHONPATH]' },
  'tasks.*.agent.pass_env[]': { rule: 'an environment variable name (letters, digits, _)', example: 'PYTHONPATH' },
  'tasks.*.agent.kill_grace_seconds': { rule: 'a number of seconds ≥ 0', example: '5' },
  'tasks.*.agent.http': mapping('HTTP agent settings (url, headers, timeout_seconds)', 'write e.g. "http: { url: https://agents.example.com/forecast }"'),
  'tasks.*.agent.http.url': { rule: 'an http:// or https:// URL', example: 'https://agents.example.com/forecast' },
  'tasks.*.agent.http.headers': mapping('header names to text', 'write e.g. "headers: { Authorization: Bearer ${AGENT_TOKEN} }"'),
  'tasks.*.agent.http.headers.*': { rule: 'text', example: '"Bearer ${AGENT_TOKEN}"' },
  'tasks.*.agent.http.timeout_seconds': { rule: 'a number of seconds > 0', example: '30' },
  'tasks.*.agent.export': { rule: 'the name of an export of the module', example: 'CustomAgent' },
  'tasks.*.agent.method': { rule: 'the name of a method of the agent', example: 'customMethod' },
  'tasks.*.description': { rule: 'text', example: '"Refresh prices"' },
  'tasks.*.interval_minutes': { rule: 'a number of minutes > 0 (fractions allowed: 0.5 is 30 seconds)', example: '5' },
  'tasks.*.cron': { rule: 'a cron expression', example: '"0 3 * * *"' },
  'tasks.*.timezone': ZONE,
  'tasks.*.manual': BOOL,
  'tasks.*.market': { rule: 'a market schedule: { calendar, at } or { calendar, every } or { calendar, on }', example: '{ calendar: XNYS, at: "open+30m" }' },
  'tasks.*.market.calendar': { rule: `a calendar name (${BUILT_IN_CALENDAR_NAMES.join(', ')}, or one under calendars:)`, example: 'XNYS', candidates: () => BUILT_IN_CALENDAR_NAMES },
  'tasks.*.market.at': { rule: 'a session time such as "open", "open+30m" or "close-15m", or a list of them', example: '["open+30m", "close-15m"]' },
  'tasks.*.market.at[]': { rule: 'a session time such as "open", "open+30m" or "close-15m"', example: '"open+30m"' },
  'tasks.*.market.every': { rule: 'a duration such as "15m", "1h" or "1h30m"', example: '"15m"' },
  'tasks.*.market.on': { rule: 'session_start or session_end', example: 'session_end' },
  'tasks.*.run_at_start': BOOL,
  'tasks.*.misfire_max_runs': whole(1, '10'),
  'tasks.*.max_duration_minutes': { rule: 'a number of minutes > 0, or null for no SLA', example: '30' },
  'tasks.*.retry_count': whole(0, '3'),
  'tasks.*.retry_delay_minutes': minutes('5', '≥ 0'),
  'tasks.*.retry_max_delay_minutes': minutes('60'),
  'tasks.*.timeout_minutes': minutes('15'),
  'tasks.*.concurrent_execution': BOOL,
  'tasks.*.error_threshold': whole(1, '5'),
  'tasks.*.performance_threshold': { rule: 'a success rate from 0 to 1, or null for none', example: '0.8' },
  'tasks.*.dependencies': { rule: 'a list of task names', example: '[data_sync]' },
  'tasks.*.dependencies[]': { rule: 'a task name or { task: <name>, max_age_minutes: <minutes> }', example: 'data_sync', fix: 'write a task name, e.g. "- data_sync", or "- { task: data_sync, max_age_minutes: 60 }"' },
  'tasks.*.dependencies[].task': { rule: 'a task name', example: 'data_sync' },
  'tasks.*.dependencies[].max_age_minutes': minutes('60'),
  'tasks.*.dependency_timeout_minutes': minutes('60'),
  'tasks.*.conditions': mapping('condition names to expectations', 'write e.g. "conditions: { market_hours: true, system_health: 0.8 }"'),
  'tasks.*.conditions.*': {
    rule: 'true/false, a number (the minimum) or a comparison string such as ">0"',
    fix: 'write true or false, a number such as 0.8 (observed value at least this), or a comparison in quotes: ">0", ">= 0.8", "<5", "==3", "!=0"',
  },
  'tasks.*.parameters': mapping('parameter names to values', 'write e.g. "parameters: { symbols: [AAPL, MSFT] }"'),
  environments: mapping('environment names to settings', 'indent each environment under "environments:", e.g. "  production:" then "    max_concurrent_tasks: 5"'),
  'environments.*': mapping('environment settings', 'indent the settings under the environment name, e.g. "    max_concurrent_tasks: 5"'),
  'environments.*.error_threshold_multiplier': { rule: 'a number > 0', example: '2' },
  'environments.*.performance_threshold_multiplier': { rule: 'a number > 0', example: '1' },
  'environments.*.tasks': mapping('task names to overrides', 'write e.g. "tasks: { data_sync: { interval_minutes: 1 } }"'),
  alerts: mapping('alert settings', 'indent the settings under "alerts:", e.g. "  cooldown_minutes: 15"'),
  'alerts.enabled': BOOL,
  'alerts.cooldown_minutes': minutes('15', '≥ 0'),
  'alerts.channels': { rule: 'a list of channels', fix: 'write e.g. "channels: [{ type: log }, { type: webhook, url: https://hooks.example.com/evolve }]"' },
  'alerts.channels[]': { rule: 'a channel such as { type: log } or { type: webhook, url: <url> }', fix: 'write e.g. "- { type: log }" or "- { type: webhook, url: https://hooks.example.com/evolve }"' },
  'alerts.channels[].type': {
    rule: 'log, webhook or slack',
    fix: 'use type: log, webhook or slack (other destinations, such as email, can be reached through a webhook)',
  },
  'alerts.channels[].url': { rule: 'an http:// or https:// URL', example: 'https://hooks.example.com/evolve' },
  'alerts.channels[].headers': mapping('header names to text', 'write e.g. "headers: { Authorization: Bearer ${EVOLVE_WEBHOOK_TOKEN} }"'),
  'alerts.channels[].headers.*': { rule: 'text', example: '"Bearer abc"' },
  monitoring: mapping('monitoring settings', 'indent the settings under "monitoring:", e.g. "  performance_window: 20"'),
  'monitoring.metrics_retention_days': { rule: 'a number of days > 0', example: '30' },
  'monitoring.performance_window': whole(1, '20'),
  'monitoring.performance_min_runs': whole(1, '5'),
  logging: mapping('logging settings', 'indent the settings under "logging:", e.g. "  level: info"'),
  'logging.level': { rule: 'trace, debug, info, warn, error or fatal', example: 'info' },
  'logging.file': { rule: 'a file path, or null for the console only', example: './data/logs/evolve.log' },
  api: mapping('HTTP API settings', 'indent the settings under "api:", e.g. "  port: 8700"'),
  'api.enabled': BOOL,
  'api.host': { rule: 'an address to listen on', example: '127.0.0.1' },
  'api.port': { rule: 'a TCP port from 0 to 65535 (0 picks a free one)', example: '8700' },
  'api.tokens': { rule: 'a list of tokens', fix: 'write e.g. "tokens: [{ name: ci, role: operator, token_sha256: <64 hex digits> }]" (`evolve api new-token` prints one)' },
  'api.tokens[]': { rule: 'a token such as { name, role, token_sha256 }', fix: 'write e.g. "- { name: ci, role: operator, token_sha256: <64 hex digits> }" (`evolve api new-token` prints one)' },
  'api.tokens[].name': { rule: 'a name of 1 to 64 letters, digits, "_", ".", "@" or "-"', example: 'ci-bot' },
  'api.tokens[].role': { rule: 'viewer, operator or admin', example: 'operator' },
  'api.tokens[].token_sha256': {
    rule: 'the SHA-256 of the token as 64 hex digits (never the token itself)',
    fix: 'hash the token with `printf %s "$TOKEN" | evolve api hash-token` (or sha256sum), or make a new one with `evolve api new-token`',
  },
  'api.body_limit_kb': { rule: 'a number of KiB > 0', example: '64' },
  'api.rate_limit_per_minute': whole(0, '1200'),
  platform: mapping('platform settings', 'indent the settings under "platform:", e.g. "  symbols: [AAPL, MSFT]"'),
  'platform.symbols': { rule: 'a non-empty list of ticker symbols', example: '[AAPL, MSFT, SPY]' },
  'platform.symbols[]': { rule: 'a ticker symbol (letters, digits, ".", "^", "=", "_", "-"; at most 32)', example: 'BRK.B' },
  'platform.benchmark': { rule: 'a ticker symbol', example: 'SPY' },
  'platform.data': mapping('data settings', 'write e.g. "data: { source: csv_dir, dir: ./bars }"'),
  'platform.data.source': { rule: 'simulator, csv_dir or csv_url', example: 'csv_dir' },
  'platform.data.seed': { rule: 'a whole number', example: '42' },
  'platform.data.start': { rule: 'a date as YYYY-MM-DD', example: '"2018-01-02"' },
  'platform.data.dir': { rule: 'a folder of <SYMBOL>.csv files, relative to this file', example: './bars' },
  'platform.data.url_template': { rule: 'a URL with {symbol} in it', example: '"https://data.example.com/{symbol}.csv"' },
  'platform.history_sessions': { rule: 'a whole number of sessions from 60 to 5000', example: '504' },
  'platform.headlines': mapping('headline settings', 'write e.g. "headlines: { source: files, dir: ./news }"'),
  'platform.headlines.source': { rule: 'sample, files or url', example: 'files' },
  'platform.headlines.seed': { rule: 'a whole number', example: '42' },
  'platform.headlines.dir': { rule: 'a folder of headline files, relative to this file', example: './news' },
  'platform.headlines.url': { rule: 'an http:// or https:// URL of a JSON feed', example: 'https://news.example.com/feed.json' },
  'platform.initial_cash': { rule: 'an amount > 0', example: '1000000' },
  'platform.trading': mapping('trading costs', 'write e.g. "trading: { slippage_bps: 5, commission_bps: 1 }"'),
  'platform.trading.slippage_bps': { rule: 'basis points ≥ 0', example: '5' },
  'platform.trading.commission_bps': { rule: 'basis points ≥ 0', example: '1' },
  'platform.trading.commission_per_trade': { rule: 'an amount ≥ 0', example: '1' },
  'platform.risk': mapping('risk limits', 'write e.g. "risk: { stop_loss_pct: 0.08 }"'),
  'platform.risk.max_weight_per_symbol': { rule: 'a fraction from 0 to 1', example: '0.25' },
  'platform.risk.max_gross_exposure': { rule: 'a number > 0 (1 is fully invested, no leverage)', example: '1' },
  'platform.risk.stop_loss_pct': { rule: 'a fraction from 0 to 1 (0.08 is 8 % below the average cost)', example: '0.08' },
  'platform.risk.trailing_stop_pct': { rule: 'a fraction from 0 to 1 (0.15 is 15 % below the best price)', example: '0.15' },
  'platform.risk.stop_cooldown_sessions': { rule: 'a whole number of sessions from 0 to 250 (0: buy back at once)', example: '5' },
  'platform.rebalance_threshold': { rule: 'a fraction from 0 to 1 (the weight drift that triggers a rebalance)', example: '0.05' },
  'platform.explanation_llm_url': { rule: 'an http:// or https:// URL, or null for templates only', example: 'null' },
};

/**
 * The rule pattern of a path: task and environment names become `*`, list indexes `[]`,
 * environment task overrides map to task rules and environment settings to the orchestrator's.
 */
export function rulePattern(path: KeyPath): string {
  let rest = [...path];
  if (rest[0] === 'environments' && rest.length > 2) {
    if (rest[2] === 'tasks' && rest.length > 3) rest = ['tasks', '*', ...rest.slice(4)];
    else if (RULES[`orchestrator.${String(rest[2])}`] !== undefined) rest = ['orchestrator', ...rest.slice(2)];
    else rest = ['environments', '*', ...rest.slice(2)];
  } else if ((rest[0] === 'tasks' || rest[0] === 'environments') && rest.length > 1) {
    rest = [rest[0], '*', ...rest.slice(2)];
  }
  let out = '';
  for (let i = 0; i < rest.length; i++) {
    const segment = rest[i];
    const parent = rest[i - 1];
    if (typeof segment === 'number') out += '[]';
    else {
      const name = parent === 'conditions' || parent === 'headers' || (parent === 'env' && rest[i - 2] === 'agent') ? '*' : segment;
      out += out === '' ? name : `.${name}`;
    }
  }
  return out;
}

export function fieldRule(path: KeyPath): FieldRule | undefined {
  return RULES[rulePattern(path)];
}
