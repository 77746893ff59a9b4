/**
 * A server-sent events client over real `fetch`: parses the stream into events (id, event, data)
 * and comment lines, and lets a test wait for the next event that matches.
 */
export interface SseEvent {
  id: string | null;
  event: string;
  data: unknown;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  readonly status: number;
  readonly contentType: string | null;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  readonly #controller: AbortController;
  readonly #waiters = new Set<() => void>();

  private constructor(response: Response, controller: AbortController) {
    this.status = response.status;
    this.contentType = response.headers.get('content-type');
    this.#controller = controller;
    this.ended = this.#read(response);
  }

  static async connect(url: string, options: { token?: string; lastEventId?: string } = {}): Promise<SseClient> {
    const controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    const response = await fetch(url, { headers, signal: controller.signal });
    return new SseClient(response, controller);
  }

  /** The newest event's id. */
  get lastId(): string | null {
    return this.events.findLast((e) => e.id !== null)?.id ?? null;
  }

  /** The first event (from `from` on) that matches, waiting for it up to `timeoutMs`. */
  next(predicate: (event: SseEvent) => boolean, options: { from?: number; timeoutMs?: number } = {}): Promise<SseEvent> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.events.slice(options.from ?? 0).find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching event; received: ${this.events.map((e) => `${e.id ?? '-'} ${e.event}`).join(', ')}`));
      }, options.timeoutMs ?? 5_000);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  close(): void {
    this.#controller.abort();
  }

  async #read(response: Response): Promise<void> {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.#frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  }

  #frame(text: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) this.events.push({ id, event, data: JSON.parse(data.join('\n')) as unknown });
    for (const waiter of [...this.#waiters]) waiter();
  }
}
