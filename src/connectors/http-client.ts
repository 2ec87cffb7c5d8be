/**
 * The connectors' HTTP layer over Node's fetch (undici): https only (see url-policy.ts), a time limit per
 * request and per body chunk, bounded retries with exponential backoff for 5xx answers, dropped
 * connections and timeouts, 429 with Retry-After honoured (up to a bound), rate-limit headers respected
 * before the next request, and 401/403 turned into a message that names the credential that was refused.
 * Messages and log lines show origin and path only (never query strings, headers or secrets).
 */
import { addSecretForm, type Redactor } from './redact.ts';
import { checkedUrl, shortUrl } from './url-policy.ts';
import { ConnectorError } from './types.ts';

export interface RetryPolicy {
  /** Attempts per request, the first included (default 5). */
  maxAttempts: number;
  /** First backoff delay; doubled each retry (default 500 ms). */
  baseDelayMs: number;
  /** Cap of one backoff delay (default 10 s). */
  maxDelayMs: number;
  /** Longest Retry-After / rate-limit wait honoured; a longer one fails the pull with the time to come back (default 120 s). */
  maxWaitMs: number;
  /** Time limit for the answer's headers and for each chunk of its body (default 30 s). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 10_000, maxWaitMs: 120_000, timeoutMs: 30_000 };

export interface HttpRequest {
  url: string | URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** What this request fetches, for messages: "page 3 of candidates". */
  what: string;
  /** The credential sent, for 401/403 messages: "the BambooHR API key (secret \"apiKey\")". */
  credential?: string;
  /** Statuses the caller handles itself instead of an error (e.g. 404 for "no such report"). */
  allowStatus?: readonly number[];
  /** Cancels this request only (a page fetched ahead that is no longer wanted). */
  signal?: AbortSignal;
}

/** A failure worth another attempt: a dropped connection, a timeout, a 5xx or 429 answer. */
export class TransientError extends Error {
  constructor(
    message: string,
    /** Server-requested wait (Retry-After), if any. */
    readonly waitMs?: number,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  connection: string;
  signal: AbortSignal;
  redact: Redactor;
  retry?: Partial<RetryPolicy>;
  log?: (line: string) => void;
  /** For tests: the clock's sleep. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): ConnectorError {
  return new ConnectorError('The pull was cancelled; nothing was saved.', 'cancelled');
}

/** Retry-After as milliseconds: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** X-RateLimit-Reset as a wait in ms: epoch seconds (large values) or seconds from now. */
export function parseRateLimitReset(value: string | null, now = Date.now()): number | undefined {
  if (!value || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return n > 1e9 ? Math.max(0, n * 1000 - now) : Math.round(n * 1000);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

export class HttpClient {
  readonly policy: RetryPolicy;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Earliest time of the next request, set when a rate-limit header says the budget is spent. */
  private notBefore = 0;
  requests = 0;
  retries = 0;

  constructor(private readonly o: HttpClientOptions) {
    this.policy = { ...DEFAULT_RETRY, ...o.retry };
    this.sleep = o.sleep ?? abortableSleep;
  }

  get signal(): AbortSignal {
    return this.o.signal;
  }

  /** Registers a derived secret form (a Basic auth header value) so messages never show it. */
  secretForm(form: string): void {
    addSecretForm(this.o.redact, form);
  }

  redact(text: string): string {
    return this.o.redact(text);
  }

  private prefix(): string {
    return `Connection "${this.o.connection}"`;
  }

  /**
   * Sends the request and hands the answer to `consume` (which reads the body); the whole exchange is
   * retried when sending or consuming fails transiently. Anything `consume` throws that is not a
   * TransientError (a malformed body) ends the pull at once.
   */
  async fetchPage<T>(req: HttpRequest, consume: (res: Response) => Promise<T>): Promise<T> {
    const p = this.policy;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.sendOnce(req);
        try {
          return await consume(res);
        } catch (e) {
          // Free the connection of a body left half read.
          if (!res.bodyUsed) await res.body?.cancel().catch(() => undefined);
          throw e;
        }
      } catch (e) {
        if (!(e instanceof TransientError)) throw e;
        if (this.o.signal.aborted || req.signal?.aborted) throw cancelled();
        if (attempt >= p.maxAttempts) {
          throw new ConnectorError(
            `${this.prefix()}: ${req.what} failed ${attempt} times (${this.redact(e.message)}); gave up. Nothing was saved; try again later or check the host setting.`,
            'network',
          );
        }
        let wait = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
        wait = Math.round(wait * (0.75 + Math.random() * 0.5));
        if (e.waitMs !== undefined) {
          if (e.waitMs > p.maxWaitMs) {
            throw new ConnectorError(
              `${this.prefix()}: ${req.what}: the server asks to wait ${seconds(e.waitMs)} before the next request (rate limit), longer than the ${seconds(p.maxWaitMs)} allowed. Nothing was saved; run the pull again later.`,
              'network',
            );
          }
          wait = Math.max(wait, e.waitMs);
        }
        this.retries++;
        this.o.log?.(`${req.what}: ${this.redact(e.message)}; retrying in ${seconds(wait)} (attempt ${attempt + 1} of ${p.maxAttempts})`);
        await this.sleep(wait, this.o.signal);
      }
    }
  }

  /** The answer (status ok or allowed) with its body unread; retried like fetchPage. */
  send(req: HttpRequest): Promise<Response> {
    return this.fetchPage(req, async (res) => res);
  }

  private async sendOnce(req: HttpRequest): Promise<Response> {
    const url = checkedUrl(String(req.url), 'The request URL');
    const wait = this.notBefore - Date.now();
    if (wait > 0) {
      if (wait > this.policy.maxWaitMs) {
        throw new ConnectorError(`${this.prefix()}: the rate limit is spent until ${new Date(this.notBefore).toISOString()}; run the pull again after that.`, 'network');
      }
      this.o.log?.(`rate limit reached; waiting ${seconds(wait)} before ${req.what}`);
      await this.sleep(wait, this.o.signal);
    }
    if (this.o.signal.aborted) throw cancelled();
    // The time limit covers the wait for the headers only; the body has its own limit per chunk
    // (withBodyTimeout), so a large answer that keeps arriving is never cut off.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.policy.timeoutMs);
    const signal = AbortSignal.any(req.signal ? [this.o.signal, timeout.signal, req.signal] : [this.o.signal, timeout.signal]);
    let res: Response;
    this.requests++;
    try {
      res = await fetch(url, {
        method: req.method ?? 'GET',
        headers: { 'User-Agent': 'Crispflow-connector', Accept: 'application/json', ...req.headers },
        body: req.body,
        signal,
        redirect: 'manual',
      });
    } catch (e) {
      if (this.o.signal.aborted || req.signal?.aborted) throw cancelled();
      if (timeout.signal.aborted) throw new TransientError(`no answer within ${seconds(this.policy.timeoutMs)}`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new TransientError(`could not reach ${url.host} (${cause?.code ?? cause?.message ?? (e as Error).message})`);
    } finally {
      clearTimeout(timer);
    }
    this.noteRateLimit(res.headers);
    if (res.ok || req.allowStatus?.includes(res.status)) return withBodyTimeout(res, this.policy.timeoutMs, this.o.signal);
    const snippet = await bodySnippet(res);
    if (res.status === 429) {
      const after = parseRetryAfter(res.headers.get('retry-after')) ?? parseRateLimitReset(res.headers.get('x-ratelimit-reset'));
      throw new TransientError('HTTP 429 Too Many Requests', after);
    }
    if (res.status >= 500) throw new TransientError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    if (res.status === 401 || res.status === 403) {
      const who = req.credential ?? 'the credential';
      throw new ConnectorError(
        `${this.prefix()}: ${who} was refused by ${url.host} (HTTP ${res.status} ${res.status === 401 ? 'Unauthorized' : 'Forbidden'}) for ${req.what}. ${
          res.status === 401 ? 'Check that it is current and typed in full.' : 'It was accepted but lacks the permission for this data; ask the system\'s administrator to grant it.'
        }`,
        'auth',
      );
    }
    if (res.status >= 300 && res.status < 400) {
      const loc = res.headers.get('location');
      throw new ConnectorError(
        `${this.prefix()}: ${req.what}: ${url.host} redirects (HTTP ${res.status}) to ${loc ? shortUrl(new URL(loc, url)) : 'another address'}; Crispflow does not follow redirects with credentials. Put that address in the connection's settings if it is right.`,
        'http',
      );
    }
    throw new ConnectorError(
      `${this.prefix()}: ${req.what} at ${shortUrl(url)} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${snippet ? `: ${this.redact(snippet)}` : ''}. Check the connection's settings.`,
      'http',
    );
  }

  private noteRateLimit(h: Headers): void {
    const remaining = h.get('x-ratelimit-remaining');
    if (remaining === null || Number(remaining) > 0) return;
    const wait = parseRateLimitReset(h.get('x-ratelimit-reset')) ?? parseRetryAfter(h.get('retry-after'));
    if (wait !== undefined) this.notBefore = Math.max(this.notBefore, Date.now() + wait);
  }
}

/** The first 200 characters of an error body (vendors explain refusals there); never fails. */
async function bodySnippet(res: Response): Promise<string> {
  try {
    const text = await res.text();
    return text.replace(/\s+/g, ' ').trim().slice(0, 200);
  } catch {
    return '';
  }
}

/** The same answer with a body that fails (transiently) when no chunk arrives within `ms`: a stalled server. */
function withBodyTimeout(res: Response, ms: number, outer: AbortSignal): Response {
  if (!res.body) return res;
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TransientError(`the answer stalled: no data for ${seconds(ms)}`)), ms);
      });
      try {
        const r = await Promise.race([reader.read(), stalled]);
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      } catch (e) {
        await reader.cancel().catch(() => undefined);
        if (outer.aborted) controller.error(cancelled());
        else if (e instanceof TransientError || e instanceof ConnectorError) controller.error(e);
        else controller.error(new TransientError(`the connection broke off while reading (${(e as Error).message})`));
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** A basic-auth header value; the client registers it as a secret form so it is redacted everywhere. */
export function basicAuth(http: HttpClient, user: string, password: string): string {
  const value = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  http.secretForm(value);
  http.secretForm(value.slice(6));
  return value;
}
