/** Reading a connection's settings with defaults, and messages that name the setting that is missing or wrong. */
import { ConnectorError, type ConnectorContext, type SettingSpec, type Settings } from './types.ts';

export function text(ctx: ConnectorContext, key: string, fallback = ''): string {
  const v = ctx.settings[key];
  return typeof v === 'string' ? v.trim() : fallback;
}

export function requiredText(ctx: ConnectorContext, key: string, label: string): string {
  const v = text(ctx, key);
  if (!v) throw new ConnectorError(`Connection "${ctx.connection}": the setting "${key}" (${label}) is empty; fill it in.`, 'settings');
  return v;
}

export function list(ctx: ConnectorContext, key: string): string[] {
  const v = ctx.settings[key];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
  if (typeof v === 'string') return v.split(',').map((x) => x.trim()).filter(Boolean);
  return [];
}

export function map(ctx: ConnectorContext, key: string): Record<string, string> {
  const v = ctx.settings[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  return {};
}

export function secret(ctx: ConnectorContext, key: string, label: string): string {
  const v = ctx.secrets[key];
  if (!v) {
    throw new ConnectorError(
      `Connection "${ctx.connection}": the secret "${key}" (${label}) is not set. Set it in the workspace secrets (studio: the connection's form) or reference an environment variable ("${key}": "env:NAME" under "secrets" in the connection file).`,
      'settings',
    );
  }
  return v;
}

/** Settings with each spec's default filled in where absent. */
export function withSettingDefaults(specs: readonly SettingSpec[], settings: Settings): Settings {
  const out: Settings = { ...settings };
  for (const s of specs) if (s.kind !== 'secret' && out[s.key] === undefined && s.default !== undefined) out[s.key] = s.default;
  return out;
}

/** A path segment for a URL: encoded, and never "." or ".." (which would walk up the vendor's path). */
export function segment(ctx: ConnectorContext, key: string, value: string): string {
  if (value === '.' || value === '..' || value.includes('/')) {
    throw new ConnectorError(`Connection "${ctx.connection}": the setting "${key}" may not contain "/" or be "." or "..".`, 'settings');
  }
  return encodeURIComponent(value);
}
