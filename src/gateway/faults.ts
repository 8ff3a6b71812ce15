/**
 * Fault injection per connector, changeable at run time: latency (+ jitter), a share of
 * calls failing with an error and a share hanging until the attempt times out.
 * Set from the environment (`GATEWAY_FAULTS='{"persons":{"latencyMs":50,"errorRate":0.1}}'`,
 * key "*" = every connector) or with `gateway.faults.set(systemId, {...})`.
 */
import { z } from 'zod';
import type { FaultConfig } from './types.ts';

const rate = z.number().min(0).max(1);
export const FaultConfigSchema = z
  .object({
    latencyMs: z.number().min(0).max(600_000).optional(),
    jitterMs: z.number().min(0).max(600_000).optional(),
    errorRate: rate.optional(),
    timeoutRate: rate.optional(),
  })
  .strict();

const FaultsSchema = z.record(z.string(), FaultConfigSchema);

/** Parse GATEWAY_FAULTS (JSON). Empty → {}. Invalid → an Error naming the problem (fail at start-up). */
export function parseFaultsEnv(value: string | undefined): Record<string, FaultConfig> {
  if (!value || !value.trim()) return {};
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('GATEWAY_FAULTS is not valid JSON (expected e.g. {"persons":{"latencyMs":50,"errorRate":0.1}})');
  }
  const r = FaultsSchema.safeParse(json);
  if (!r.success) throw new Error(`GATEWAY_FAULTS is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export type FaultDecision = { delayMs: number; outcome: 'pass' | 'error' | 'timeout' };

export class FaultInjector {
  #faults = new Map<string, FaultConfig>();

  constructor(
    initial: Record<string, FaultConfig> = {},
    private random: () => number = Math.random,
  ) {
    for (const [k, v] of Object.entries(initial)) this.set(k, v);
  }

  /** Replace the faults of one connector ("*" = all connectors without their own entry). */
  set(systemId: string, faults: FaultConfig) {
    this.#faults.set(systemId, FaultConfigSchema.parse(faults));
  }

  clear(systemId?: string) {
    if (systemId === undefined) this.#faults.clear();
    else this.#faults.delete(systemId);
  }

  get(systemId: string): FaultConfig | undefined {
    return this.#faults.get(systemId) ?? this.#faults.get('*');
  }

  all(): Record<string, FaultConfig> {
    return Object.fromEntries(this.#faults);
  }

  decide(systemId: string): FaultDecision | null {
    const f = this.get(systemId);
    if (!f) return null;
    const delayMs = (f.latencyMs ?? 0) + (f.jitterMs ? this.random() * f.jitterMs : 0);
    const r = this.random();
    const t = f.timeoutRate ?? 0;
    const e = f.errorRate ?? 0;
    const outcome = r < t ? 'timeout' : r < t + e ? 'error' : 'pass';
    return { delayMs, outcome };
  }
}
