/**
 * The one small interface every connector implements (Workday RaaS, BambooHR, Greenhouse Harvest, generic
 * HTTPS): it describes its settings (which of them are secrets), tests a connection and pulls records page by
 * page. Connectors run in Node only (the CLI and the studio), never in the browser: secrets stay on the machine.
 */
import type { HttpClient } from './http-client.ts';

/** One setting of a connector, described like a node's param spec so a form can be drawn from it. */
export interface SettingSpec {
  key: string;
  label: string;
  kind: 'string' | 'enum' | 'url' | 'list' | 'map' | 'secret';
  /** Needed for the connector to work (a secret: must be set). */
  required?: boolean;
  /** A default used when the setting is absent (never for secrets). */
  default?: string;
  /** For 'enum'. */
  options?: readonly string[];
  /** Shown only when another setting has one of these values (e.g. the report fields of a custom report). */
  when?: { key: string; values: readonly string[] };
  help: string;
  placeholder?: string;
}

/** Plain settings after defaults are applied: text, lists and maps. Secrets are kept apart. */
export type SettingValue = string | string[] | Record<string, string>;
export type Settings = Record<string, SettingValue | undefined>;

/** A flat record: every value a cell's text, a number, a boolean or null. */
export type FlatRecord = Record<string, string | number | boolean | null>;

export interface PullProgress {
  pages: number;
  records: number;
  note?: string;
}

/** What a connector gets for one test or pull. */
export interface ConnectorContext {
  /** The connection's name, for messages ("connection \"bamboo\": …"). */
  connection: string;
  settings: Settings;
  /** Resolved secret values by setting key; only the connector and the HTTP client see them. */
  secrets: Record<string, string>;
  http: HttpClient;
  signal: AbortSignal;
  progress?: (p: PullProgress) => void;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** One sentence for people: what was reached, as whom, how many records the first page holds. */
  message: string;
  /** The fields the source reported (names only), when the test could see them. */
  fields?: string[];
}

/** Records of one page (or one streamed slice of a single response), in source order. */
export interface RecordBatch {
  records: FlatRecord[];
  /** 1-based page number, for messages. */
  page: number;
  /** Field names the source declared for this page (BambooHR reports declare them), if any. */
  fields?: string[];
}

export interface ConnectorDefinition {
  kind: string;
  title: string;
  summary: string;
  settings: readonly SettingSpec[];
  /** Checks that the settings reach the source and the credentials are accepted, reading as little as possible. */
  test(ctx: ConnectorContext): Promise<ConnectionTestResult>;
  /** Every record, batch by batch (memory bounded by the page size, not by the whole pull). */
  pull(ctx: ConnectorContext): AsyncIterable<RecordBatch>;
}

/** A problem a user can fix (settings, credentials, the source's answer); its message never holds a secret. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly code: 'settings' | 'auth' | 'network' | 'http' | 'malformed' | 'mapping' | 'snapshot' | 'cancelled' = 'http',
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
