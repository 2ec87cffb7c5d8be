/** Greenhouse Harvest as documented: /v1/candidates?per_page=&page=, Link rel="next", Basic "<key>:", rate-limit headers. */
import { basicUser, startStandIn, unauthorized, type StandIn } from './stand-in-server.ts';

export interface GreenhouseOptions {
  apiKey: string;
  total: number;
  /** Rate limit: requests allowed per window before X-RateLimit-Remaining reaches 0. */
  limit?: number;
  /** Seconds until the window resets, sent as X-RateLimit-Reset when the budget is spent. */
  resetSeconds?: number;
  /** A next link to another host (to test that the key is not sent there). */
  foreignNext?: string;
  /** Extra text per record (makes records bigger, for the benchmark). */
  padding?: number;
  /** Keep each page's text once made and send it whole (the benchmark: measure the pull, not the stand-in). */
  cachePages?: boolean;
}

export function candidate(i: number, padding = 0): Record<string, unknown> {
  return {
    id: 5000000 + i,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    company: i % 3 === 0 ? 'Acme' : null,
    title: i % 2 ? 'Engineer' : 'Analyst',
    created_at: `2025-0${1 + (i % 9)}-1${i % 10}T10:00:00.000Z`,
    application_ids: [9000000 + i],
    email_addresses: [{ value: `c${i}@example.com`, type: 'personal' }],
    tags: i % 4 === 0 ? ['referral', 'python'] : [],
    years_experience: i % 25,
    ...(padding && { notes: 'x'.repeat(padding) }),
  };
}

export async function startGreenhouseStandIn(o: GreenhouseOptions): Promise<StandIn> {
  let used = 0;
  const pages = new Map<string, string>();
  return startStandIn((req, res, base) => {
    if (basicUser(req, '') !== o.apiKey) return unauthorized(res);
    const url = new URL(req.url, 'http://x');
    if (url.pathname !== '/v1/candidates' && url.pathname !== '/v1/applications') {
      res.writeHead(404);
      return res.end();
    }
    const per = Number(url.searchParams.get('per_page') ?? 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const from = (page - 1) * per;
    const to = Math.min(o.total, from + per);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (o.limit) {
      used++;
      headers['X-RateLimit-Limit'] = String(o.limit);
      headers['X-RateLimit-Remaining'] = String(Math.max(0, o.limit - used));
      if (used >= o.limit) {
        headers['X-RateLimit-Reset'] = String(o.resetSeconds ?? 1);
        used = 0;
      }
    }
    if (to < o.total) {
      const next = o.foreignNext ?? `${base}${url.pathname}?per_page=${per}&page=${page + 1}`;
      headers.Link = `<${next}>; rel="next", <${base}${url.pathname}?per_page=${per}&page=${Math.ceil(o.total / per)}>; rel="last"`;
    }
    res.writeHead(200, headers);
    if (o.cachePages) {
      const key = `${from}-${to}`;
      let text = pages.get(key);
      if (text === undefined) {
        const parts: string[] = [];
        for (let i = from; i < to; i++) parts.push(JSON.stringify(candidate(i, o.padding)));
        text = `[${parts.join(',')}]`;
        pages.set(key, text);
      }
      return res.end(text);
    }
    // Written record by record: the answer arrives in pieces, as a real one does.
    res.write('[');
    for (let i = from; i < to; i++) res.write((i > from ? ',' : '') + JSON.stringify(candidate(i, o.padding)));
    res.end(']');
  });
}
