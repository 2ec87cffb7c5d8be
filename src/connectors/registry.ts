/** Every connector by its kind (the "connector" field of a connection file). */
import { bambooHrConnector } from './bamboohr.ts';
import { genericHttpConnector } from './generic-http.ts';
import { greenhouseConnector } from './greenhouse.ts';
import type { ConnectorDefinition } from './types.ts';
import { workdayConnector } from './workday.ts';

export const CONNECTORS: readonly ConnectorDefinition[] = [workdayConnector, bambooHrConnector, greenhouseConnector, genericHttpConnector];

export function connectorOf(kind: string): ConnectorDefinition | undefined {
  return CONNECTORS.find((c) => c.kind === kind);
}
