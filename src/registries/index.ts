/**
 * The simulated state systems behind the gateway (persons DB, legal entities DB, notary
 * system, civil registry, address register) and the synthetic population they hold.
 * Callers reach them ONLY through `gateway.send(...)`.
 */
import type { Db } from '../db/db.ts';
import { createGateway, type Gateway, type GatewayOptions, gatewayEnvOptions } from '../gateway/gateway.ts';
import type { Connector } from '../gateway/types.ts';
import { createAddressConnector } from './address/index.ts';
import { createCivilRegistryConnector } from './civil-registry/index.ts';
import { createLegalEntitiesConnector } from './legal-entities/index.ts';
import { createNotaryConnector } from './notary/index.ts';
import { createPersonsConnector } from './persons/index.ts';

export type * from './catalogue.ts';
export { seedPopulation, type SeedOptions, type SeedProgress, type SeedResult } from './seed/index.ts';

/** One connector per simulated system, all on `db` (their tables live in migration 003). */
export function createSimulatedConnectors(db: Db): Connector[] {
  return [createPersonsConnector(db), createLegalEntitiesConnector(db), createNotaryConnector(db), createCivilRegistryConnector(db), createAddressConnector(db)];
}

/**
 * The gateway the platform uses: every simulated system registered, faults and per-connector
 * configuration from the environment (GATEWAY_FAULTS, GATEWAY_CONFIG), overridable by `opts`.
 */
export function createStateGateway(db: Db, opts: Partial<GatewayOptions> = {}, env: NodeJS.ProcessEnv = process.env): Gateway {
  const fromEnv = gatewayEnvOptions(env);
  return createGateway({
    ...fromEnv,
    ...opts,
    db,
    connectors: [...createSimulatedConnectors(db), ...(opts.connectors ?? [])],
    faults: { ...(fromEnv.faults ?? {}), ...(opts.faults ?? {}) },
    config: { ...(fromEnv.config ?? {}), ...(opts.config ?? {}) },
  });
}
