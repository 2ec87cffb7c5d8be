/**
 * Keeps secrets out of every message: a redactor knows a connection's secret values (and the forms they
 * travel in: Basic auth's base64, URL encoding) and replaces them wherever they appear.
 */
export type Redactor = (text: string) => string;

export function makeRedactor(secrets: Iterable<string>): Redactor {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    needles.add(s);
    needles.add(encodeURIComponent(s));
    needles.add(Buffer.from(s).toString('base64'));
    // Basic auth of "<key>:x" / "<user>:<password>": its base64 starts with the key's own prefix only when aligned,
    // so the full header forms are added by the HTTP client when it builds them (addSecret).
  }
  const list = () => [...needles].sort((a, b) => b.length - a.length);
  let sorted = list();
  const redact: Redactor & { add?: (s: string) => void } = (text: string) => {
    let out = text;
    for (const n of sorted) if (out.includes(n)) out = out.split(n).join('***');
    return out;
  };
  redact.add = (s: string) => {
    if (s && s.length >= 4 && !needles.has(s)) {
      needles.add(s);
      sorted = list();
    }
  };
  return redact;
}

/** Adds a derived secret form (e.g. a Basic auth header value) to a redactor made by makeRedactor. */
export function addSecretForm(redact: Redactor, form: string): void {
  (redact as Redactor & { add?: (s: string) => void }).add?.(form);
}
