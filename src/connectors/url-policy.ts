/**
 * Which URLs a connector may call: https everywhere, plain http only to this machine (the tests' local
 * vendor stand-ins). A real HR system over plain http would send the API key and employee data in clear text.
 */
import { ConnectorError } from './types.ts';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Parses `raw` and refuses anything but https (or http to a loopback host); `what` names the setting. */
export function checkedUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConnectorError(`${what} "${shortUrl(raw)}" is not a URL. Write it like https://api.example.com.`, 'settings');
  }
  if (url.username || url.password) {
    throw new ConnectorError(`${what} must not hold a user name or password; put credentials in the connection's secrets.`, 'settings');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') {
    throw new ConnectorError(
      `${what} uses plain http to ${url.hostname}; only https is allowed (http only to this machine, 127.0.0.1 or localhost), because credentials and employee data would travel unencrypted. Use https://${url.host}${url.pathname}.`,
      'settings',
    );
  }
  throw new ConnectorError(`${what} uses "${url.protocol}"; only https URLs are allowed.`, 'settings');
}

/** Origin and path only: query strings can carry tokens, so messages and logs never show them. */
export function shortUrl(raw: string | URL): string {
  try {
    const u = typeof raw === 'string' ? new URL(raw) : raw;
    return `${u.origin}${u.pathname}`;
  } catch {
    const s = String(raw);
    const q = s.search(/[?#]/);
    return (q >= 0 ? s.slice(0, q) : s).slice(0, 200);
  }
}

/** A host setting ("api.bamboohr.com", "https://wd2-impl-services1.workday.com", "http://127.0.0.1:4100") as a base URL. */
export function baseUrlOf(host: string, what: string): URL {
  const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(host.trim()) ? host.trim() : `https://${host.trim()}`;
  const url = checkedUrl(raw, what);
  if (url.search || url.hash) throw new ConnectorError(`${what} must not have a query string (…?…): give only the host.`, 'settings');
  return url;
}
