/**
 * NCALayer — the national CA's desktop signing app — over its local WebSocket
 * (wss://127.0.0.1:13579, kz-facts §2). The key never reaches the page: NCALayer asks the
 * person for the key and its password in its own window and answers with the CMS.
 *
 * - `probeNcaLayer()` tries to open the socket quietly with a short timeout (NCALayer greets
 *   with `{"result":{"version":"1.4"}}`).
 * - `ncaLayerSign()` calls module `kz.gov.pki.knca.basics`, method `sign` (format cms,
 *   detached, base64 data decoded by NCALayer, key filtered by extended key usage and IIN);
 *   reply `{status:true, body:{result:[cms]}}`. An NCALayer without that module answers in the
 *   legacy shape `{code, message}`; then `kz.gov.pki.knca.commonUtils.createCAdESFromBase64`
 *   is used (reply `{code:"200", responseObject}`).
 */
import type { Lang } from '../../../src/registry/types.ts';

export const NCALAYER_URL = 'wss://127.0.0.1:13579/';
export const OID_SIGN = '1.3.6.1.5.5.7.3.4'; // emailProtection: the SIGN key
export const OID_AUTH = '1.3.6.1.5.5.7.3.2'; // clientAuth: the AUTH key
const STORAGES = ['PKCS12', 'AKKaztokenStore', 'AKKZIDCardStore', 'AKEToken5110Store', 'AKEToken72KStore', 'AKJaCartaStore', 'AKAKEYStore'];

export type NcaLayerFailure = 'unavailable' | 'canceled' | 'failed';

export class NcaLayerError extends Error {
  constructor(
    readonly kind: NcaLayerFailure,
    readonly detail = '',
  ) {
    super(`NCALayer ${kind}${detail ? `: ${detail}` : ''}`);
    this.name = 'NcaLayerError';
  }
}

type Json = Record<string, unknown>;
const parse = (data: unknown): Json | null => {
  if (typeof data !== 'string') return null;
  try {
    const v = JSON.parse(data) as unknown;
    return v && typeof v === 'object' ? (v as Json) : null;
  } catch {
    return null;
  }
};
const greetingVersion = (m: Json | null): string | null => {
  const r = m?.result as Json | undefined;
  return r && typeof r === 'object' && typeof r.version === 'string' ? r.version : null;
};

/** NCALayer's version ('' if it did not say) when its socket opens within `timeoutMs`; null otherwise. */
export function probeNcaLayer(timeoutMs = 1500): Promise<string | null> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(NCALAYER_URL);
    } catch {
      resolve(null);
      return;
    }
    let opened = false;
    let settled = false;
    const done = (v: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      try {
        ws.close();
      } catch {
        /* already closed */
      }
      resolve(v);
    };
    const timer = setTimeout(() => done(opened ? '' : null), timeoutMs);
    ws.onopen = () => {
      opened = true;
      // The greeting usually follows at once; do not wait for it long.
      setTimeout(() => done(''), 400);
    };
    ws.onmessage = (e) => {
      const v = greetingVersion(parse(e.data));
      if (v !== null) done(v);
    };
    ws.onerror = () => done(opened ? '' : null);
    ws.onclose = () => done(opened ? '' : null);
  });
}

export interface NcaSignOptions {
  /** Which key NCALayer offers: the SIGN key for documents, the AUTH key for sign-in. */
  purpose: 'sign' | 'auth';
  /** Only keys of this IIN. */
  iin?: string;
  locale: Lang;
  signal?: AbortSignal;
  /** How long to wait for the person to choose a key (default 10 minutes). */
  timeoutMs?: number;
}

export function basicsSignRequest(dataB64: string, o: Pick<NcaSignOptions, 'purpose' | 'iin' | 'locale'>) {
  return {
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      allowedStorages: STORAGES,
      format: 'cms',
      data: dataB64,
      signingParams: { decode: true, encapsulate: false, digested: false },
      signerParams: { extKeyUsageOids: [o.purpose === 'sign' ? OID_SIGN : OID_AUTH], ...(o.iin ? { iin: o.iin } : {}), chain: [] },
      locale: o.locale,
    },
  };
}

const legacyRequest = (dataB64: string, purpose: 'sign' | 'auth') => ({
  module: 'kz.gov.pki.knca.commonUtils',
  method: 'createCAdESFromBase64',
  args: ['PKCS12', purpose === 'sign' ? 'SIGNATURE' : 'AUTHENTICATION', dataB64, false],
});

const looksCanceled = (s: unknown) => typeof s === 'string' && /cancel|отмен|болдырм/i.test(s);

/** Ask NCALayer for a detached CMS over the bytes in `dataB64`; resolves with the base64 CMS. */
export function ncaLayerSign(dataB64: string, o: NcaSignOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(NCALAYER_URL);
    } catch {
      reject(new NcaLayerError('unavailable'));
      return;
    }
    let opened = false;
    let legacy = false;
    let settled = false;
    const finish = (err: NcaLayerError | null, cms?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      try {
        ws.close();
      } catch {
        /* already closed */
      }
      if (err) reject(err);
      else resolve(cms as string);
    };
    const onAbort = () => finish(new NcaLayerError('canceled'));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => finish(new NcaLayerError('failed', 'timeout')), o.timeoutMs ?? 600_000);

    ws.onopen = () => {
      opened = true;
      ws.send(JSON.stringify(basicsSignRequest(dataB64, o)));
    };
    ws.onerror = () => finish(new NcaLayerError(opened ? 'failed' : 'unavailable'));
    ws.onclose = () => finish(new NcaLayerError(opened ? 'failed' : 'unavailable', opened ? 'closed' : ''));
    ws.onmessage = (e) => {
      const m = parse(e.data);
      if (!m || greetingVersion(m) !== null) return; // greeting, heartbeat, keep-alive
      if (!legacy && 'status' in m) {
        if (m.status === true) {
          const body = (m.body ?? {}) as Json;
          const r = Array.isArray(body.result) ? body.result[0] : body.result;
          if (typeof r === 'string' && r) return finish(null, r);
          return finish(new NcaLayerError('canceled')); // NCALayer answers an empty body when the person closes its window
        }
        const detail = [m.code, m.message, m.details].filter((x) => typeof x === 'string' && x).join(': ');
        return finish(new NcaLayerError(looksCanceled(detail) ? 'canceled' : 'failed', detail));
      }
      if (!legacy && 'code' in m) {
        // An NCALayer without the basics module: the legacy call does the same (CAdES, detached).
        legacy = true;
        ws.send(JSON.stringify(legacyRequest(dataB64, o.purpose)));
        return;
      }
      if (legacy && 'code' in m) {
        if (m.code === '200' && typeof m.responseObject === 'string' && m.responseObject) return finish(null, m.responseObject);
        const detail = [m.code, m.message].filter((x) => typeof x === 'string' && x).join(': ');
        return finish(new NcaLayerError(looksCanceled(detail) ? 'canceled' : 'failed', detail));
      }
    };
  });
}
