/**
 * Workspace secrets for nodes that declare them (NodeCapabilities.secrets), e.g. the pseudonymisation
 * key: each step may read only the names it declared, and a secret's fingerprint (a keyed hash, never
 * the secret) enters the step's cache key and its descendants', so a new key re-runs them.
 */
import { hashValue } from '../core/hash.ts';
import type { SecretStore } from '../core/node-definition.ts';
import type { Plan, PlanStep } from '../core/plan.ts';
import { HmacSha256 } from '../ml/privacy/hmac-sha256.ts';

/** A short, non-reversible id of a secret: HMAC(secret, fixed label), 16 hex digits. */
export function secretFingerprint(secret: Uint8Array): string {
  return new HmacSha256(secret).hex('crispflow secret fingerprint').slice(0, 16);
}

/** The reader a step's ctx.secret gets: only declared names, only with a store. */
export function stepSecretReader(step: PlanStep, store: SecretStore | undefined): ((name: string) => Promise<Uint8Array>) | undefined {
  const declared = step.capabilities?.secrets;
  if (!declared?.length) return undefined;
  return async (name) => {
    if (!declared.includes(name)) {
      throw new Error(`Node type "${step.type}" asked for the workspace secret "${name}" but declares only ${declared.map((d) => `"${d}"`).join(', ')} in its capabilities.`);
    }
    if (!store) throw new Error(`Node "${step.nodeId}" needs the workspace secret "${name}", but this run has no secret store. Run it with the CLI or the designer, which keep one.`);
    return store.read(name);
  };
}

/**
 * Cache keys with the fingerprints of the secrets each step declares folded in, chained to its
 * descendants (as the compiler chains input keys). A secret that cannot be read leaves the key as is:
 * the step then fails with the store's message when it asks for it.
 */
export async function withSecretKeys(plan: Plan, store: SecretStore | undefined): Promise<Plan> {
  if (!store || !plan.steps.some((s) => s.capabilities?.secrets?.length)) return plan;
  const fingerprints = new Map<string, string>();
  const changed = new Map<string, string>();
  const steps: PlanStep[] = [];
  for (const step of plan.steps) {
    const parts: unknown[] = [];
    for (const name of step.capabilities?.secrets ?? []) {
      if (!fingerprints.has(name)) {
        const fp = await store.read(name).then(secretFingerprint, () => '');
        fingerprints.set(name, fp);
      }
      if (fingerprints.get(name)) parts.push(['secret', name, fingerprints.get(name)]);
    }
    for (const [port, ref] of Object.entries(step.inputs).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const k = changed.get(ref.node);
      if (k) parts.push([port, k]);
    }
    if (parts.length === 0) {
      steps.push(step);
      continue;
    }
    const cacheKey = hashValue([step.cacheKey, parts]);
    changed.set(step.nodeId, cacheKey);
    steps.push({ ...step, cacheKey });
  }
  return { ...plan, steps };
}
