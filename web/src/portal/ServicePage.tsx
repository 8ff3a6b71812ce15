/**
 * `/services/:code` — the service passport, rendered from the definition:
 * provider, legal act and version history, channels, per-channel documents
 * (conditions in words, "obtained from state systems" markers), terms, fees,
 * result, refusal grounds, complaints, and the deadline if you apply today. The deadline card
 * asks the few facts of the case that change the term (the fields the channel's term conditions
 * use: a divorce on a court decision, a birth registered late) and asks the server, which
 * computes it as it will for the application (POST /api/v1/services/:code/deadline).
 * `?version=N` shows an older version.
 */
import { useEffect, useMemo, useState } from 'react';
import { evaluateCondition } from '../../../src/registry/conditions.ts';
import { termLabelRest } from '../../../src/calendar/words.ts';
import { termFactFields } from '../../../src/registry/terms.ts';
import type { Channel, FormField } from '../../../src/registry/types.ts';
import { type ApiError, api, type Deadline, type ServiceDetail, type ServiceVersion, toApiError } from '../api.ts';
import { FieldInput, type RawValue } from '../components/FieldInput.tsx';
import { ChannelBadges, ErrorBox, Fact, Loading } from '../components/ui.tsx';
import { useApi, useDebounced, useDocumentTitle } from '../hooks.ts';
import { formatDate, type I18nApi, todayKz, useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

export const inForce = (v: { effectiveFrom: string; effectiveTo?: string | null }, day = todayKz()) =>
  v.effectiveFrom <= day && (!v.effectiveTo || day < v.effectiveTo);

export function ServicePage({ code }: { code: string }) {
  const { query } = useLocation();
  const version = query.get('version');
  const path = `/api/v1/services/${encodeURIComponent(code)}${version && /^\d+$/.test(version) ? `?version=${version}` : ''}`;
  const { data, error, reload } = useApi<ServiceDetail>(path);
  const { pick } = useI18n();
  useDocumentTitle(data ? pick(data.name) : undefined);

  if (error?.status === 404 && error.code === 'UNKNOWN_SERVICE') return <NotFoundPage error={error} />;
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return <Passport def={data} key={`${data.code}@${data.version}`} />;
}

function Passport({ def }: { def: ServiceDetail }) {
  const i = useI18n();
  const { t, pick } = i;
  const current = inForce(def);
  const [channel, setChannel] = useState<Channel>(def.channels.includes('portal') ? 'portal' : (def.channels[0] as Channel));
  const hasPortal = def.channels.includes('portal');
  const currentVersion = def.versions.find((v) => inForce(v));
  // A link to a section (e.g. #complaints from a refusal): show it once the passport is there.
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (id) document.getElementById(id)?.scrollIntoView();
  }, []);

  return (
    <article className="passport">
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link to="/">{t('nav.services')}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{pick(def.name)}</span>
      </nav>

      <h1>
        {pick(def.name)}
        {def.variant && (
          <span className="h1-variant" data-testid="service-variant">
            {pick(def.variant)}
          </span>
        )}
      </h1>

      {!current && (
        <div className="alert alert-warn" role="note">
          <p>{t('svc.viewingOld', { v: def.version })}</p>
          {currentVersion && <Link to={`/services/${encodeURIComponent(def.code)}`}>{t('svc.toCurrent')}</Link>}
        </div>
      )}

      <div className="passport-grid">
        <div className="passport-main">
          <dl className="facts passport-facts">
            <Fact label={t('svc.provider')} className="fact-wide">
              {pick(def.provider.name)}
            </Fact>
            <Fact label={t('svc.recipients')}>{def.recipients.map((r) => t(`recipient.${r}`)).join(', ')}</Fact>
            <Fact label={t('svc.channels')}>
              <ChannelBadges channels={def.channels} />
            </Fact>
            <Fact label={t('svc.registryCode')}>{def.registryCode}</Fact>
          </dl>

          {def.channels.length > 1 && (
            <fieldset className="plain channel-switch">
              <legend className="channel-switch-label">{t('svc.channelFor')}:</legend>
              {def.channels.map((c) => (
                <button key={c} type="button" className="chip" aria-pressed={channel === c} onClick={() => setChannel(c)} data-testid={`channel-${c}`}>
                  {t(`channel.${c}.long`)}
                </button>
              ))}
            </fieldset>
          )}

          <Documents def={def} channel={channel} i={i} />
          <Terms def={def} channel={channel} i={i} />
          <Fees def={def} channel={channel} i={i} />
          <Result def={def} channel={channel} i={i} />

          {def.refusalGrounds.length > 0 && (
            <section className="card" aria-labelledby="refusal">
              <h2 id="refusal">{t('svc.refusal')}</h2>
              <ol className="plain-list">
                {def.refusalGrounds.map((g) => (
                  <li key={g.id}>{pick(g.text)}</li>
                ))}
              </ol>
            </section>
          )}

          {def.complaints.length > 0 && (
            <section className="card" aria-labelledby="complaints">
              <h2 id="complaints">{t('svc.complaints')}</h2>
              <ul className="plain-list">
                {def.complaints.map((c) => (
                  <li key={c.id}>
                    {pick(c.to)}
                    {c.term && <span className="muted"> — {t('svc.complaintTerm', { d: i.duration(c.term.amount, c.term.unit) })}</span>}
                    {c.note && <div className="muted small">{pick(c.note)}</div>}
                  </li>
                ))}
              </ul>
            </section>
          )}

          {(def.notes?.length || def.storage) && (
            <section className="card" aria-labelledby="notes">
              <h2 id="notes">{t('svc.notes')}</h2>
              <ul className="plain-list">
                {def.notes?.map((n) => (
                  <li key={n.id}>{pick(n.text)}</li>
                ))}
                {def.storage && (
                  <li>{t('svc.storage', { d: i.duration(def.storage.unclaimedKeptFor.amount, def.storage.unclaimedKeptFor.unit), to: pick(def.storage.thenTo) })}</li>
                )}
              </ul>
            </section>
          )}

          <Process def={def} channel={channel} i={i} />
        </div>

        <aside className="passport-side">
          {current ? (
            <DeadlineCard def={def} channel={channel} hasPortal={hasPortal} />
          ) : null}
          <LegalAct def={def} i={i} />
          {def.editorial && (
            <p className="small" data-testid="editorial-link">
              <Link to={`/admin/editorial?q=${encodeURIComponent(def.code)}`}>{t('svc.editorialLink', { n: def.editorial.length + (def.ambiguities?.length ?? 0) })}</Link>
            </p>
          )}
        </aside>
      </div>
    </article>
  );
}

/** A fact's control value as the JSON value the API expects (numbers as numbers). */
function factValue(f: FormField, v: RawValue | undefined): unknown {
  if (f.type === 'boolean') return v === true;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  if (f.type === 'integer' || f.type === 'number') return Number.isFinite(Number(v)) ? Number(v) : v;
  return v;
}

/** The facts shown (their own conditions hold over the answers so far) and the answers to send. */
function factsForm(facts: FormField[], raw: Record<string, RawValue>, channel: Channel) {
  const values: Record<string, unknown> = { $channel: channel };
  for (const f of facts) {
    const v = factValue(f, raw[f.name]);
    if (v !== undefined) values[f.name] = v;
  }
  const shown = facts.filter((f) => !f.condition || evaluateCondition(f.condition.when, { values }));
  const form: Record<string, unknown> = {};
  for (const f of shown) if (values[f.name] !== undefined) form[f.name] = values[f.name];
  return { shown, form };
}

function DeadlineCard({ def, channel, hasPortal }: { def: ServiceDetail; channel: Channel; hasPortal: boolean }) {
  const { t, pick } = useI18n();
  const facts = useMemo(() => termFactFields(def, channel), [def, channel]);
  const [raw, setRaw] = useState<Record<string, RawValue>>({});
  const { shown, form } = useMemo(() => factsForm(facts, raw, channel), [facts, raw, channel]);
  const body = useDebounced(JSON.stringify({ channel, form }), 250);
  const [state, setState] = useState<{ body: string; data?: Deadline; error?: ApiError }>({ body: '' });
  useEffect(() => {
    const ac = new AbortController();
    api<Deadline>(`/api/v1/services/${encodeURIComponent(def.code)}/deadline`, { method: 'POST', body: JSON.parse(body), signal: ac.signal })
      .then((data) => !ac.signal.aborted && setState({ body, data }))
      .catch((e: unknown) => !ac.signal.aborted && setState({ body, error: toApiError(e) }));
    return () => ac.abort();
  }, [def.code, body]);
  const { data, error } = state.body === body ? state : { data: undefined, error: undefined };
  return (
    <section className="card deadline-card" aria-labelledby="deadline-title">
      <h2 id="deadline-title" className="deadline-title">
        {t('svc.applyToday')} <span aria-hidden="true">→</span>
      </h2>
      {shown.length > 0 && (
        <fieldset className="plain deadline-facts" data-testid="deadline-facts">
          <legend className="small">{t('svc.termFacts')}</legend>
          {shown.map((f) => (
            <FieldInput
              key={f.name}
              field={{ ...f, required: false }}
              value={raw[f.name]}
              error={null}
              channel={channel}
              onChange={(v) => setRaw((r) => ({ ...r, [f.name]: v }))}
              onBlur={() => undefined}
            />
          ))}
        </fieldset>
      )}
      <div aria-live="polite">
      {data ? (
        <>
          <p className="deadline-date" data-testid="ready-by">
            {t('svc.readyBy', { date: formatDate(data.dueDate) })}
          </p>
          <p className="deadline-channel muted small">{t('svc.applyTodayVia', { channel: t(`channel.${channel}.long`) })}</p>
          <p className="deadline-basis small" data-testid="deadline-basis">
            {pick(data.basisText)}
          </p>
        </>
      ) : error ? (
        <p className="muted">{error.code === 'NO_TERM_FOR_CHANNEL' ? t('svc.noDeadline') : pick(error.i18n)}</p>
      ) : (
        <Loading />
      )}
      {data?.noticeBy && (
        <p className="small" data-testid="notice-by">
          {t('svc.noticeBy', { date: formatDate(data.noticeBy) })}
        </p>
      )}
      </div>
      {hasPortal ? (
        <>
          <Link to={`/services/${encodeURIComponent(def.code)}/apply`} className="btn btn-primary btn-block" data-testid="apply">
            {t('svc.applyOnline')}
          </Link>
          <SignInNote />
        </>
      ) : (
        <p className="small">{t('svc.noPortal')}</p>
      )}
    </section>
  );
}

function SignInNote() {
  const { t } = useI18n();
  const { user } = useSession();
  if (user) return null;
  return <p className="muted small center">{t('svc.signInToApply')}</p>;
}

type Part = { def: ServiceDetail; channel: Channel; i: I18nApi };

function Documents({ def, channel, i }: Part) {
  const { t, pick } = i;
  const docs = def.documents.filter((d) => d.channels.includes(channel));
  const fetched = def.fetchedData;
  return (
    <section className="card" aria-labelledby="docs">
      <h2 id="docs">
        {t('svc.documents')} <span className="muted h-sub">· {t(`channel.${channel}.long`)}</span>
      </h2>
      {docs.length === 0 ? (
        <p className="muted">{t('svc.noDocuments')}</p>
      ) : (
        <ol className="doc-list">
          {docs.map((d) => (
            <li key={d.id} className={d.fetchedFrom ? 'doc doc-fetched' : 'doc'} data-testid="document">
              <span className="doc-name">{pick(d.name)}</span>
              <span className="doc-tags">
                <span className="tag">{t(`docForm.${d.form}`)}</span>
                {d.optional && <span className="tag tag-muted">{t('svc.optional')}</span>}
              </span>
              {d.condition && (
                <p className="doc-condition">
                  <strong>{t('svc.condition')}:</strong> {pick(d.condition.label)}
                </p>
              )}
              {d.fetchedFrom && (
                <p className="doc-fetched-note" data-testid="fetched">
                  <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" className="ico">
                    <path d="M3 8.5 6.5 12 13 4.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  {t('svc.fetched', { system: t(`system.${d.fetchedFrom}`) })}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {fetched.length > 0 && (
        <>
          <h3>{t('svc.fetchedData')}</h3>
          <ul className="plain-list">
            {fetched.map((f) => (
              <li key={`${f.system}-${pick(f.data)}`}>
                {pick(f.data)} <span className="muted small">({t(`system.${f.system}`)})</span>
                {f.condition && <span className="muted small"> — {pick(f.condition.label)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Terms({ def, channel, i }: Part) {
  const { t, pick } = i;
  const terms = def.terms.filter((x) => x.channels.includes(channel));
  const ids = new Set(terms.map((x) => x.id));
  const ext = def.extensions.filter((e) => !e.terms?.length || e.terms.some((id) => ids.has(id)));
  return (
    <section className="card" aria-labelledby="terms">
      <h2 id="terms">{t('svc.term')}</h2>
      {terms.length === 0 ? (
        <p className="muted">{t('svc.noDeadline')}</p>
      ) : (
        <ul className="term-list">
          {terms.map((x) => (
            <li key={x.id}>
              <span className="term-amount">{i.duration(x.amount, x.unit)}</span>
              {/* the label often restates the amount ("15 calendar days", "Birth registration – 1 working day"): shown once */}
              <span className="term-label" data-testid="term-label">{termLabelRest(pick(x.label), x.amount)}</span>
              {x.condition && (
                <span className="doc-condition">
                  <strong>{t('svc.condition')}:</strong> {pick(x.condition.label)}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {ext.length > 0 && (
        <>
          <h3>{t('svc.extensions')}</h3>
          <ul className="plain-list">
            {ext.map((e) => (
              <li key={e.id}>
                {pick(e.reason)}{' '}
                <span className="muted">
                  ({t(e.totalTerm ? 'svc.extensionTotal' : 'svc.extensionItem', { d: i.duration(e.maxAmount, e.unit), n: i.duration(e.noticeWithin.amount, e.noticeWithin.unit) })})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Fees({ def, channel, i }: Part) {
  const { t, pick } = i;
  const f = def.fees;
  const pay = f.payment?.[channel];
  return (
    <section className="card" aria-labelledby="fees">
      <h2 id="fees">{t('svc.fees')}</h2>
      {f.kind === 'not-stated' ? (
        <p data-testid="fee-not-stated">
          <span className="fee fee-paid">{t('cat.feeNotStated')}</span> {t('svc.feeNotStated')}
        </p>
      ) : f.kind === 'free' || f.items.length === 0 ? (
        <p>
          <span className="fee fee-free">{t('cat.free')}</span> {t('svc.feeFree')}
        </p>
      ) : (
        <>
          <ul className="fee-list">
            {f.items.map((x) => (
              <li key={x.id}>
                <abbr className="fee-amount" title={t('svc.mciHint')}>
                  {x.mci === 0 ? t('cat.free') : t('svc.mci', { n: x.mci })}
                </abbr>
                <span>
                  {pick(x.label)}
                  {x.condition && (
                    <span className="doc-condition">
                      <strong>{t('svc.condition')}:</strong> {pick(x.condition.label)}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
          {f.exemptions.length > 0 && (
            <>
              <h3>{t('svc.exemptions')}</h3>
              <ul className="plain-list">
                {f.exemptions.map((x) => (
                  <li key={x.id}>
                    {pick(x.label)}
                    <span className="doc-condition">
                      <strong>{t('svc.condition')}:</strong> {pick(x.condition.label)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {pay && (
            <p>
              <strong>{t('svc.payment')}:</strong> {t(`pay.${pay}`)}
            </p>
          )}
        </>
      )}
      {f.basis && <p className="muted small">{pick(f.basis)}</p>}
      {f.note && <p className="muted small">{pick(f.note)}</p>}
    </section>
  );
}

function Result({ def, channel, i }: Part) {
  const { t, pick } = i;
  const r = def.result;
  const per = r.perChannel?.[channel];
  return (
    <section className="card" aria-labelledby="result">
      <h2 id="result">{t('svc.result')}</h2>
      <p>{pick(per?.description ?? r.description)}</p>
      <p className="muted small">
        {t(`resultForm.${per?.form ?? r.form}`)}
        {r.validity && <> · {t('svc.validity', { d: i.duration(r.validity.amount, r.validity.unit) })}</>}
      </p>
    </section>
  );
}

function Process({ def, channel, i }: Part) {
  const { t, pick } = i;
  const steps = def.process[channel]?.steps ?? [];
  if (!steps.length) return null;
  const limit = (l: { amount: number; unit: string; minAmount?: number }) =>
    l.unit === 'same-day' ? i.duration(0, 'same-day') : `${l.minAmount !== undefined ? `${l.minAmount}–` : ''}${i.duration(l.amount, l.unit)}`;
  return (
    <details className="card process">
      <summary>
        <h2>{t('svc.process')}</h2>
      </summary>
      <ol className="step-list">
        {steps.map((s) => (
          <li key={s.id}>
            <span>{pick(s.action)}</span>
            {s.limit && <span className="muted small"> — {limit(s.limit)}</span>}
            {/* the minute-steps inside the step (log in, fill in, sign), kept small */}
            {s.timings && s.timings.length > 0 && (
              <ul className="step-timings muted small" data-testid={`timings-${s.id}`}>
                {s.timings.map((x, k) => (
                  <li key={k}>
                    {pick(x.action)} — {limit(x.limit)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

function LegalAct({ def, i }: { def: ServiceDetail; i: I18nApi }) {
  const { t, pick } = i;
  const a = def.legalAct;
  return (
    <section className="card legal-card" aria-labelledby="legal">
      <h2 id="legal">{t('svc.legalAct')}</h2>
      <p className="legal-kind muted small">{t(`act.${a.kind}`)}</p>
      <p className="legal-title">{pick(a.title)}</p>
      <p className="small">
        {[a.number && `${t('svc.actNumber', { n: a.number })}${a.amendedBy ? ` (${pick(a.amendedBy)})` : ''}`, a.date && formatDate(a.date), a.issuer && pick(a.issuer)].filter(Boolean).join(' · ')}
      </p>
      <p className="small">
        <strong>{t('svc.version', { v: def.version })}</strong> ·{' '}
        {def.effectiveTo
          ? t('svc.inForceRange', { from: formatDate(def.effectiveFrom), to: formatDate(def.effectiveTo) })
          : t('svc.inForceFrom', { from: formatDate(def.effectiveFrom) })}
      </p>
      {def.versions.length > 1 && <Versions def={def} i={i} />}
    </section>
  );
}

function Versions({ def, i }: { def: ServiceDetail; i: I18nApi }) {
  const { t, pick } = i;
  const sorted: ServiceVersion[] = [...def.versions].sort((a, b) => b.version - a.version);
  return (
    <>
      <h3>{t('svc.versions')}</h3>
      <ol className="version-list" data-testid="versions">
        {sorted.map((v) => {
          const label = (
            <>
              <strong>{t('svc.version', { v: v.version })}</strong>{' '}
              {inForce(v) && <span className="tag tag-ok">{t('svc.current')}</span>}
              <span className="version-dates">
                {v.effectiveTo
                  ? t('svc.inForceRange', { from: formatDate(v.effectiveFrom), to: formatDate(v.effectiveTo) })
                  : t('svc.inForceFrom', { from: formatDate(v.effectiveFrom) })}
              </span>
              <span className="version-act">{pick(v.legalAct.title)}</span>
            </>
          );
          return (
            <li key={v.version} className={v.version === def.version ? 'version version-viewing' : 'version'}>
              {v.version === def.version ? (
                <div aria-current="true">
                  {label} <span className="tag">{t('svc.viewing')}</span>
                </div>
              ) : (
                <Link to={`/services/${encodeURIComponent(def.code)}${inForce(v) ? '' : `?version=${v.version}`}`}>{label}</Link>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
