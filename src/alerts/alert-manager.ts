/**
 * Alerts: error threshold reached, performance below threshold, SLA breached, runs interrupted.
 * Each alert is recorded in the store, emitted as an event and sent to the configured channels;
 * the same alert (kind + task) is not sent again within the cooldown.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AlertChannelConfig, AlertSettings } from '../config/types.js';
import { describeError } from '../errors.js';
import type { EngineEmitter } from '../engine/events.js';
import type { AlertRecord, Store } from '../store/store.js';

export interface AlertChannel {
  readonly name: string;
  send(alert: AlertRecord): Promise<void>;
}

class LogChannel implements AlertChannel {
  readonly name = 'log';
  constructor(private readonly logger: Logger) {}

  async send(alert: AlertRecord): Promise<void> {
    const level = alert.severity === 'critical' ? 'error' : alert.severity === 'warning' ? 'warn' : 'info';
    this.logger[level]({ alert: alert.kind, task: alert.task, details: alert.details }, alert.message);
  }
}

class WebhookChannel implements AlertChannel {
  readonly name: string;
  constructor(
    private readonly url: string,
    private readonly headers: Readonly<Record<string, string>>,
  ) {
    this.name = `webhook ${new URL(url).host}`;
  }

  async send(alert: AlertRecord): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers },
      // `text` makes the payload readable by Slack-compatible incoming webhooks as well.
      body: JSON.stringify({ ...alert, at: new Date(alert.at).toISOString(), text: `[${alert.severity}] ${alert.message}` }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${this.name}`);
  }
}

export function createChannel(config: AlertChannelConfig, logger: Logger): AlertChannel {
  switch (config.kind) {
    case 'log':
      return new LogChannel(logger);
    case 'webhook':
      return new WebhookChannel(config.url, config.headers);
    default: {
      const exhaustive: never = config;
      return exhaustive;
    }
  }
}

export class AlertManager {
  readonly #lastSent = new Map<string, number>();
  readonly #channels: AlertChannel[];
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly settings: AlertSettings,
    private readonly store: () => Store,
    private readonly clock: Clock,
    private readonly events: EngineEmitter,
    private readonly logger: Logger,
  ) {
    this.#channels = settings.channels.map((channel) => createChannel(channel, logger));
  }

  /** Records and sends an alert unless the same one was sent within the cooldown; returns whether it was. */
  fire(alert: Omit<AlertRecord, 'at'>): boolean {
    if (!this.settings.enabled) return false;
    const at = this.clock.now();
    const key = `${alert.kind}:${alert.task ?? ''}`;
    const last = this.#lastSent.get(key);
    if (last !== undefined && at - last < this.settings.cooldownMs) return false;
    this.#lastSent.set(key, at);
    const record: AlertRecord = { ...alert, at };
    this.events.emit('alert:fired', { alert: record });
    const delivery = this.#deliver(record).finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
    return true;
  }

  async #deliver(record: AlertRecord): Promise<void> {
    await this.store().appendAlert(record).catch((error: unknown) => this.logger.error({ err: error }, 'could not record an alert'));
    await Promise.all(
      this.#channels.map((channel) =>
        channel.send(record).catch((error: unknown) => this.logger.warn({ channel: channel.name, error: describeError(error) }, 'alert channel failed')),
      ),
    );
  }

  /** Waits for deliveries in flight (used by stop()). */
  async drain(): Promise<void> {
    await Promise.all(this.#pending);
  }
}
