/**
 * Cabinet sections about my data: "Who accessed my data" (GET /api/v1/me/data-access — every read
 * of my data in a state system, and every read made for my own applications: when, which system,
 * what for, for which application, whose data, who, on which consent) and "My consents"
 * (GET /api/v1/me/consents, POST /api/v1/me/consents/:id/revoke — after a confirm step).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ROLE_NAMES, type Role } from '../../../src/accounts/roles.ts';
import { CONSENT_PURPOSES } from '../../../src/consent/purposes.ts';
import type { I18n } from '../../../src/registry/types.ts';
import { type ApiError, api, type Consent, type DataAccess, type ServiceDetail, toApiError } from '../api.ts';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { useApi } from '../hooks.ts';
import { formatDate, formatDateTime, type I18nApi, useI18n } from '../i18n.tsx';
import { type MessageKey, messages } from '../messages.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

const SERVICE_NAMES = new Map<string, Promise<I18n | null>>();

/** Service names for purposes that are service codes (cached for the tab); unknown codes stay codes. */
function useServiceNames(codes: string[]): Record<string, I18n> {
  const [names, setNames] = useState<Record<string, I18n>>({});
  const key = [...new Set(codes)].sort().join('|');
  useEffect(() => {
    let live = true;
    for (const code of key ? key.split('|') : []) {
      if (!/^[a-z0-9-]{2,80}$/.test(code)) continue;
      let p = SERVICE_NAMES.get(code);
      if (!p) {
        p = api<ServiceDetail>(`/api/v1/services/${encodeURIComponent(code)}`)
          .then((s) => s.name)
          .catch(() => null);
        SERVICE_NAMES.set(code, p);
      }
      void p.then((name) => {
        if (live && name) setNames((prev) => (prev[code] ? prev : { ...prev, [code]: name }));
      });
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

export function systemName(i: I18nApi, system: string): string {
  const key = `sys.${system}`;
  return key in messages.en ? i.t(key as MessageKey) : system;
}

/** A purpose is a consent purpose from the list (staff requests) or a service code (signed applications). */
const purposeName = (i: I18nApi, names: Record<string, I18n>, code: string) =>
  code in CONSENT_PURPOSES ? i.pick(CONSENT_PURPOSES[code as keyof typeof CONSENT_PURPOSES]) : names[code] ? i.pick(names[code]) : code;

export function DataAccessPanel() {
  const i = useI18n();
  const { t } = i;
  const { user } = useSession();
  const log = useApi<{ items: DataAccess[] }>('/api/v1/me/data-access?limit=50');
  const consents = useApi<{ items: Consent[] }>('/api/v1/me/consents');
  const items = log.data?.items;
  const names = useServiceNames(items?.map((x) => x.purpose) ?? []);
  const byId = useMemo(() => new Map((consents.data?.items ?? []).map((c) => [c.id, c])), [consents.data]);

  const basis = (x: DataAccess) => {
    // Provider staff opening a file I attached: the basis is my application itself.
    if (x.system === 'qyzmet-files') return x.file?.name ? `${t('access.basisApplication')}: «${x.file.name}»` : t('access.basisApplication');
    if (!x.consentId) return t('access.noConsent');
    const c = byId.get(x.consentId);
    if (!c) return t('access.consent');
    return c.method === 'sms' ? t('access.consentSms') : t('access.consentSigned');
  };
  const whose = (x: DataAccess) => (x.subject?.self ? t('access.yours') : x.subject?.iin ? t('access.otherIin', { iin: x.subject.iin }) : '—');
  const application = (x: DataAccess) => {
    const a = x.application;
    if (!a?.number) return '—';
    return a.own && a.id ? (
      <Link to={`/cabinet/${encodeURIComponent(a.id)}`} className="mono app-link" aria-label={t('access.applicationOf', { number: a.number })}>
        {a.number}
      </Link>
    ) : (
      <span className="mono">{a.number}</span>
    );
  };
  const who = (x: DataAccess) => {
    if (!x.actor) return t('access.portal');
    const name = x.actor.name ?? x.actor.roles?.map((r) => (r in ROLE_NAMES ? i.pick(ROLE_NAMES[r as Role]) : r)).join(', ') ?? '—';
    return user && x.actor.id === user.id ? `${name} (${t('access.you')})` : name;
  };

  return (
    <>
      <p className="muted">{t('access.lead')}</p>
      {log.error && <ErrorBox error={log.error} onRetry={log.reload} />}
      {!items && !log.error && <Loading />}
      {items && items.length === 0 && (
        <div className="card empty" data-testid="access-empty">
          <p>{t('access.empty')}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <div className="table-wrap card flush">
          <table className="table access-table" data-testid="access-log">
            <thead>
              <tr>
                <th scope="col">{t('access.when')}</th>
                <th scope="col">{t('access.system')}</th>
                <th scope="col">{t('access.purpose')}</th>
                <th scope="col">{t('access.application')}</th>
                <th scope="col">{t('access.whose')}</th>
                <th scope="col">{t('access.who')}</th>
                <th scope="col">{t('access.basis')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x, n) => (
                <tr
                  key={`${x.at}-${x.system}-${x.service}-${n}`}
                  data-testid="access-row"
                  data-system={x.system}
                  data-status={x.status}
                  data-application={x.application?.number ?? ''}
                  data-self={x.subject?.self ? 'true' : 'false'}
                >
                  <td data-label={t('access.when')} className="nowrap">
                    {formatDateTime(x.at)}
                  </td>
                  <th scope="row" data-label={t('access.system')}>
                    {systemName(i, x.system)}
                    {x.status !== 'ok' && <span className="tag tag-bad">{t('access.notGiven')}</span>}
                  </th>
                  <td data-label={t('access.purpose')}>{purposeName(i, names, x.purpose)}</td>
                  <td data-label={t('access.application')} className="nowrap" data-testid="access-application">
                    {application(x)}
                  </td>
                  <td data-label={t('access.whose')} data-testid="access-whose">
                    {whose(x)}
                  </td>
                  <td data-label={t('access.who')}>{who(x)}</td>
                  <td data-label={t('access.basis')}>{basis(x)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

type ConsentState = 'active' | 'revoked' | 'expired' | 'pending' | 'closed';

function consentState(c: Consent, now = Date.now()): ConsentState {
  if (c.revokedAt) return 'revoked';
  if (c.closedAt) return 'closed';
  if (Date.parse(c.expiresAt) <= now) return 'expired';
  if (!c.grantedAt) return 'pending';
  return 'active';
}

const STATE_CLASS: Record<ConsentState, string> = { active: 'tag tag-ok', revoked: 'tag tag-muted', expired: 'tag tag-muted', pending: 'tag', closed: 'tag tag-muted' };

export function ConsentsPanel() {
  const i = useI18n();
  const { t } = i;
  const list = useApi<{ items: Consent[] }>('/api/v1/me/consents');
  const items = list.data?.items;
  const names = useServiceNames(items?.flatMap((c) => [c.purpose, c.serviceCode ?? '']).filter(Boolean) ?? []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');

  // Revoking asks first: the button opens a confirm step in the row (Escape or "Cancel" closes it).
  const [asking, setAsking] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement | null>(null);
  const returnFocus = useRef<string | null>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  const cancel = () => {
    const id = asking;
    setAsking(null);
    if (id) returnFocus.current = id;
  };
  useEffect(() => {
    if (asking || !returnFocus.current) return;
    const id = returnFocus.current;
    returnFocus.current = null;
    document.querySelector<HTMLButtonElement>(`[data-consent-id="${CSS.escape(id)}"] [data-testid="consent-revoke"]`)?.focus();
  }, [asking]);

  const revoke = async (c: Consent) => {
    if (busy) return;
    setAsking(null);
    setBusy(c.id);
    setError(null);
    setNotice('');
    try {
      await api(`/api/v1/me/consents/${encodeURIComponent(c.id)}/revoke`, { method: 'POST' });
      setNotice(t('consents.revokedNotice'));
      list.reload();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <p className="muted">{t('consents.lead')}</p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      {error && <ErrorBox error={error} />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!items && !list.error && <Loading />}
      {items && items.length === 0 && (
        <div className="card empty">
          <p>{t('consents.empty')}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <div className="table-wrap card flush">
          <table className="table consents-table" data-testid="consents">
            <thead>
              <tr>
                <th scope="col">{t('consents.purpose')}</th>
                <th scope="col">{t('consents.systems')}</th>
                <th scope="col">{t('consents.method')}</th>
                <th scope="col">{t('consents.period')}</th>
                <th scope="col">{t('consents.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('consents.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const state = consentState(c);
                const purpose = purposeName(i, names, c.purpose);
                return (
                  <tr key={c.id} data-testid="consent-row" data-state={state} data-consent-id={c.id}>
                    <th scope="row" data-label={t('consents.purpose')}>
                      {purpose}
                    </th>
                    <td data-label={t('consents.systems')}>{c.systems.map((s) => systemName(i, s)).join(', ')}</td>
                    <td data-label={t('consents.method')}>
                      {t(`consents.method.${c.method}` as MessageKey)}
                      {c.requesterRole && c.requesterRole !== 'citizen' && (
                        <span className="muted small block">
                          {t('consents.requester')}: {c.requesterRole in ROLE_NAMES ? i.pick(ROLE_NAMES[c.requesterRole as Role]) : c.requesterRole}
                        </span>
                      )}
                      {c.application?.number && <span className="muted small block">{t('consents.forApplication', { number: c.application.number })}</span>}
                    </td>
                    <td data-label={t('consents.period')} className="nowrap">
                      {formatDate(c.grantedAt)} – {formatDate(c.expiresAt)}
                    </td>
                    <td data-label={t('consents.status')}>
                      <span className={STATE_CLASS[state]}>{t(`consents.${state}`)}</span>
                      {c.revokedAt && <span className="muted small block">{formatDateTime(c.revokedAt)}</span>}
                      {state === 'closed' && <span className="muted small block">{t('consents.closedHint')}</span>}
                    </td>
                    <td>
                      {(state === 'active' || state === 'pending') && asking !== c.id && (
                        <button
                          type="button"
                          className="btn btn-secondary btn-small"
                          onClick={() => setAsking(c.id)}
                          disabled={busy !== null}
                          aria-busy={busy === c.id}
                          aria-label={t('consents.revokeLabel', { purpose })}
                          data-testid="consent-revoke"
                        >
                          {t('consents.revoke')}
                        </button>
                      )}
                      {asking === c.id && (
                        <div
                          role="group"
                          aria-label={t('consents.revokeLabel', { purpose })}
                          className="confirm-step"
                          data-testid="consent-revoke-confirm"
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') cancel();
                          }}
                        >
                          <p className="small" id={`revoke-q-${c.id}`}>
                            {t('consents.confirmRevoke', { purpose })}
                          </p>
                          <button
                            type="button"
                            ref={confirmRef}
                            className="btn btn-primary btn-small"
                            onClick={() => revoke(c)}
                            aria-describedby={`revoke-q-${c.id}`}
                            data-testid="consent-revoke-yes"
                          >
                            {t('consents.confirmYes')}
                          </button>{' '}
                          <button type="button" className="btn btn-secondary btn-small" onClick={cancel} data-testid="consent-revoke-no">
                            {t('consents.confirmNo')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
