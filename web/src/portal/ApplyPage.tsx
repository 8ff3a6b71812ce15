/**
 * `/services/:code/apply` — two steps, as on the e-government portal:
 * 1. the application form, generated from the definition's `form.fields`. Conditional
 *    fields appear only when their condition holds (evaluateCondition, shared with the
 *    server); values are checked with the server's own validateForm on blur and on
 *    "Continue"; a 422's `errors[].path` (`/form/<field>`) lands next to the field;
 * 2. check the answers and sign them (EDS key file, SMS code or NCALayer — SignStep),
 *    which submits the application.
 * One Idempotency-Key per form fill, kept across retries and part of the signed bytes,
 * so a double click or a retry after a network error can never file two applications.
 */
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { evaluateCondition } from '../../../src/registry/conditions.ts';
import { validateForm } from '../../../src/registry/form.ts';
import type { FormField, I18n } from '../../../src/registry/types.ts';
import { type ApiError, api, type Me, newIdempotencyKey, type PartialI18n, type ServiceDetail, type SignedWith, type Submitted } from '../api.ts';
import { FieldInput, fieldId, type RawValue, typedValue } from '../components/FieldInput.tsx';
import { isFileItems } from '../components/FileField.tsx';
import { allLangs } from '../messages.ts';
import { pickAny } from '../components/ResultDocument.tsx';
import { SignStep } from '../components/SignStep.tsx';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { inForce } from './ServicePage.tsx';
import { REGIONS, type Region } from '../../../src/regions.ts';

export function ApplyPage({ code }: { code: string }) {
  const { user } = useSession();
  const { t, pick } = useI18n();
  const svc = useApi<ServiceDetail>(`/api/v1/services/${encodeURIComponent(code)}`);
  useDocumentTitle(svc.data ? `${t('apply.heading')}: ${pick(svc.data.name)}` : t('apply.heading'));

  useEffect(() => {
    // Not signed in: to the login page, and back here afterwards.
    if (user === null) navigate(`/login?next=${encodeURIComponent(`/services/${code}/apply`)}`, { replace: true });
  }, [user, code]);

  if (user === null) return <Loading />;
  if (svc.error?.code === 'UNKNOWN_SERVICE') return <NotFoundPage error={svc.error} />;
  if (svc.error) return <ErrorBox error={svc.error} onRetry={svc.reload} />;
  if (!svc.data || user === undefined) return <Loading />;
  const def = svc.data;
  if (!def.channels.includes('portal') || !inForce(def)) {
    return (
      <section className="card narrow">
        <h1>{pick(def.name)}</h1>
        <p>{t('svc.noPortal')}</p>
        <Link to={`/services/${encodeURIComponent(def.code)}`}>{t('apply.backToService')}</Link>
      </section>
    );
  }
  return <ApplicationForm def={def} user={user} />;
}

const CONTEXT = () => ({ $channel: 'portal', $filedAt: new Date().toISOString() });
const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Fields whose condition holds, and the payload of just those (conditions may depend on other conditional fields). */
function visibleForm(fields: FormField[], raw: Record<string, RawValue>) {
  const ctx = CONTEXT();
  const all: Record<string, unknown> = {};
  for (const f of fields) {
    const v = typedValue(f, raw[f.name]);
    if (!isEmpty(v)) all[f.name] = v; // a checkbox is always true or false
  }
  let visible = fields;
  for (let i = 0; i <= fields.length; i++) {
    const values: Record<string, unknown> = { ...ctx };
    for (const f of visible) if (f.name in all) values[f.name] = all[f.name];
    const next = fields.filter((f) => !f.condition || evaluateCondition(f.condition.when, { values }));
    if (next.length === visible.length && next.every((f, k) => f === visible[k])) break;
    visible = next;
  }
  const payload: Record<string, unknown> = {};
  for (const f of visible) if (f.name in all) payload[f.name] = all[f.name];
  return { visible, payload, ctx };
}

function exampleToRaw(fields: FormField[], example: Record<string, unknown>): Record<string, RawValue> {
  const raw: Record<string, RawValue> = {};
  for (const f of fields) {
    const v = example[f.name];
    if (v === undefined || v === null || typeof v === 'object') continue;
    raw[f.name] = typeof v === 'boolean' ? v : String(v);
  }
  return raw;
}

function ApplicationForm({ def, user }: { def: ServiceDetail; user: Me }) {
  const { t, pick } = useI18n();
  // The applicant's own IIN where the definition binds a field to the signer (`bindsTo: signer-iin`).
  const own = (r: Record<string, RawValue>) => ({ ...r, ...Object.fromEntries(def.form.fields.filter((f) => f.bindsTo === 'signer-iin').map((f) => [f.name, user.iin])) });
  const [raw, setRaw] = useState<Record<string, RawValue>>(() => own({}));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, I18n>>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [step, setStep] = useState<'fill' | 'sign'>('fill');
  // A service provided in several regions (education departments): the applicant says which
  // region's provider works it (src/organisations/routing.ts); it is part of what is signed.
  const providers = useApi<{ items: Array<{ region: string | null }> }>(`/api/v1/organisations?kind=provider&service=${encodeURIComponent(def.code)}`);
  const providerRegions = [...new Set((providers.data?.items ?? []).map((o) => o.region))];
  const regionChoice = providerRegions.length > 1 && !providerRegions.includes(null) ? (providerRegions as Region[]).filter((r) => r in REGIONS) : [];
  const [region, setRegion] = useState('');
  const [notice, setNotice] = useState('');
  const idempotencyKey = useRef(newIdempotencyKey()); // one per form fill, reused on every retry, part of the signed bytes
  const summaryRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const { lang } = useI18n();

  // Prefill: what the state holds about me (name, address: persons DB; phone: my account) into
  // the fields that say so, where I have not typed anything yet; I can correct it.
  const [prefilled, setPrefilled] = useState<Record<string, 'persons' | 'account'>>({});
  const hasPrefill = def.form.fields.some((f) => f.prefill);
  useEffect(() => {
    if (!hasPrefill) return;
    const ac = new AbortController();
    api<{ values: Record<string, string | PartialI18n>; sources: Record<string, 'persons' | 'account'> }>(`/api/v1/me/prefill?service=${encodeURIComponent(def.code)}`, { signal: ac.signal })
      .then(({ values, sources }) => {
        if (ac.signal.aborted) return;
        const filled: Record<string, 'persons' | 'account'> = {};
        setRaw((r) => {
          const next = { ...r };
          for (const [name, v] of Object.entries(values)) {
            if (typeof next[name] === 'string' && (next[name] as string).trim()) continue;
            next[name] = typeof v === 'string' ? v : pickAny(lang, v);
            if (sources[name]) filled[name] = sources[name];
          }
          return next;
        });
        setPrefilled(filled);
      })
      .catch(() => {
        /* nothing prefilled: the person types it */
      });
    return () => ac.abort();
    // once per form fill; the language of the first fill is kept (the person may correct it)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [def.code, hasPrefill]);

  const { visible, payload, ctx } = useMemo(() => visibleForm(def.form.fields, raw), [def, raw]);
  const clientErrors = useMemo(() => {
    const m: Record<string, I18n> = {};
    for (const e of validateForm({ form: { fields: visible, example: {} } }, payload, ctx)) {
      const name = e.path.split('/')[2] ?? ''; // `/form/<field>` or, for a file, `/form/<field>/<i>`
      if (!m[name]) m[name] = e.message;
    }
    return m;
  }, [visible, payload, ctx]);

  const errorFor = (name: string): I18n | undefined => serverErrors[name] ?? (touched.has(name) ? clientErrors[name] : undefined);
  const shownErrors = visible.flatMap((f) => {
    const e = errorFor(f.name);
    return e ? [{ name: f.name, label: f.label, message: e }] : [];
  });

  const change = (name: string, v: RawValue) => {
    setRaw((r) => ({ ...r, [name]: v }));
    if (serverErrors[name]) setServerErrors(({ [name]: _, ...rest }) => rest);
  };
  const blur = (name: string) => setTouched((s) => (s.has(name) ? s : new Set(s).add(name)));

  const fillExample = () => {
    setRaw(own(exampleToRaw(def.form.fields, def.form.example)));
    setTouched(new Set());
    setServerErrors({});
    setFormError(null);
    setAttempted(false);
    setNotice(t('apply.exampleDone'));
  };

  // Focus the error summary after it has been rendered.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest) summaryRef.current?.focus();
  }, [focusRequest]);
  const focusSummary = () => setFocusRequest((n) => n + 1);

  /** Step 1 → 2: the answers must pass the same checks as on the server. */
  const toSigning = (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    setFormError(null);
    setNotice('');
    setTouched(new Set(def.form.fields.map((f) => f.name)));
    if (Object.keys(clientErrors).length) return focusSummary();
    // Files still uploading: wait for them (what is signed are the uploaded files' hashes).
    const busy = visible.filter((f) => {
      const v = raw[f.name];
      return f.type === 'file' && isFileItems(v) && v.some((x) => x.status === 'uploading');
    });
    if (busy.length) {
      setServerErrors(Object.fromEntries(busy.map((f) => [f.name, allLangs('file.wait')])));
      return focusSummary();
    }
    setServerErrors({});
    setStep('sign');
  };

  const backToForm = () => {
    setStep('fill');
    setTimeout(() => titleRef.current?.focus(), 0);
  };

  /** The server refused the answers: back to step 1 with its messages next to the fields. */
  const formErrorsFromServer = (a: ApiError) => {
    const byField: Record<string, I18n> = {};
    for (const x of a.errors) {
      const m = /^\/form\/([^/]+)/.exec(x.path); // a file's path goes on to its index
      if (m?.[1] && visible.some((f) => f.name === m[1])) byField[m[1]] = x.message;
    }
    setServerErrors(byField);
    const fieldCount = Object.keys(byField).length;
    setFormError(!fieldCount || a.errors.length > fieldCount ? a : null);
    setStep('fill');
    focusSummary();
  };

  const submitted = (r: Submitted, signedWith: SignedWith) => navigate(`/cabinet/${encodeURIComponent(r.id)}`, { state: { justSubmitted: r, signedWith } });
  const toLogin = () => navigate(`/login?next=${encodeURIComponent(`/services/${def.code}/apply`)}`);

  const docs = def.documents.filter((d) => d.channels.includes('portal'));
  const showSummary = (attempted && shownErrors.length > 0) || formError;

  return (
    <div className="apply">
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link to="/">{t('nav.services')}</Link>
        <span aria-hidden="true"> › </span>
        <Link to={`/services/${encodeURIComponent(def.code)}`}>{pick(def.name)}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{t('apply.heading')}</span>
      </nav>
      <div className="apply-grid">
        <section className="card apply-form" aria-labelledby="apply-title">
          <p className="eyebrow">{t('apply.heading')}</p>
          <h1 id="apply-title" ref={titleRef} tabIndex={-1}>
            {pick(def.name)}
          </h1>
          <ol className="steps" aria-label={t('apply.steps')} data-testid="steps">
            <li className={step === 'fill' ? 'step current' : 'step done'} aria-current={step === 'fill' ? 'step' : undefined}>
              <span className="step-no" aria-hidden="true">
                1
              </span>
              {t('apply.step1')}
            </li>
            <li className={step === 'sign' ? 'step current' : 'step'} aria-current={step === 'sign' ? 'step' : undefined}>
              <span className="step-no" aria-hidden="true">
                2
              </span>
              {t('apply.step2')}
            </li>
          </ol>
          {step === 'sign' ? (
            <SignStep
              def={def}
              user={user}
              fields={visible}
              form={payload}
              region={region || null}
              idempotencyKey={idempotencyKey.current}
              onBack={backToForm}
              onSubmitted={submitted}
              onFormErrors={formErrorsFromServer}
              onUnauthenticated={toLogin}
            />
          ) : (
            <>
              <div className="apply-toolbar">
                <p className="muted small">{t('apply.requiredNote')}</p>
                <button type="button" className="btn btn-link btn-small" onClick={fillExample} data-testid="fill-example">
                  {t('apply.example')}
                </button>
              </div>
              <p className="visually-hidden" role="status" aria-live="polite">
                {notice}
              </p>
              {Object.keys(prefilled).length > 0 && (
                <div className="alert alert-info" role="note" data-testid="prefill-note">
                  <p>
                    {t('apply.prefilled', {
                      fields: def.form.fields
                        .filter((f) => prefilled[f.name])
                        .map((f) => `«${pick(f.label)}»`)
                        .join(', '),
                    })}
                  </p>
                </div>
              )}

              {showSummary && (
                <div className="alert alert-error error-summary" role="alert" tabIndex={-1} ref={summaryRef} data-testid="error-summary">
                  <h2>{t('apply.errorSummary')}</h2>
                  {formError &&
                    (formError.code === 'IDEMPOTENCY_KEY_REUSED' ? (
                      <p>
                        {t('apply.reused')} <Link to="/cabinet">{t('nav.cabinet')}</Link>
                      </p>
                    ) : (
                      <p>{pick(formError.i18n)}</p>
                    ))}
                  {shownErrors.length > 0 && (
                    <ul>
                      {shownErrors.map((x) => (
                        <li key={x.name}>
                          <a
                            href={`#${fieldId(x.name)}`}
                            onClick={(e) => {
                              e.preventDefault();
                              document.getElementById(fieldId(x.name))?.focus();
                            }}
                          >
                            {pick(x.message)}
                          </a>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}

              <form onSubmit={toSigning} noValidate data-testid="application-form">
                {regionChoice.length > 0 && (
                  <div className="field">
                    <label htmlFor="apply-region">{t('app.region')}</label>
                    <p className="help" id="apply-region-help">
                      {t('apply.regionHelp')}
                    </p>
                    <select id="apply-region" aria-describedby="apply-region-help" data-testid="region-select" value={region} onChange={(e) => setRegion(e.target.value)}>
                      <option value="">{t('apply.regionNone')}</option>
                      {regionChoice.map((r) => (
                        <option key={r} value={r}>
                          {pick(REGIONS[r])}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
                {visible.map((f) => {
                  const err = errorFor(f.name);
                  return (
                    <FieldInput
                      key={f.name}
                      field={f}
                      value={raw[f.name]}
                      error={err ? pick(err) : null}
                      onChange={(v) => change(f.name, v)}
                      onBlur={() => blur(f.name)}
                      prefilledFrom={prefilled[f.name]}
                      serviceCode={def.code}
                    />
                  );
                })}
                <div className="form-actions">
                  <button type="submit" className="btn btn-primary" data-testid="submit">
                    {t('apply.toSign')}
                  </button>
                  <Link to={`/services/${encodeURIComponent(def.code)}`} className="btn btn-ghost">
                    {t('apply.backToService')}
                  </Link>
                </div>
              </form>
            </>
          )}
        </section>

        <aside className="apply-side">
          {docs.length > 0 && (
            <section className="card small-card" aria-labelledby="apply-docs">
              <h2 id="apply-docs">{t('apply.docsTitle')}</h2>
              <ul className="plain-list small">
                {docs.map((d) => (
                  <li key={d.id}>
                    {pick(d.name)}
                    {d.condition && <span className="muted"> — {pick(d.condition.label)}</span>}
                    {d.fetchedFrom && <span className="tag tag-ok">{t(`system.${d.fetchedFrom}`)}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
