/**
 * `/cabinet/co-sign/:id` — the second applicant (the other parent) reviews an application someone
 * else filed naming them, and signs it or declines (GET/POST /api/v1/me/co-sign-requests/:id…).
 * What is signed are the bytes of `coSigningPayload()` (src/identity/cosign-payload.ts: number,
 * service, applicant IIN, form, my IIN), built here from what the page shows, the same way the
 * server rebuilds them: with the SIGN key file in the browser, an SMS code bound to those bytes,
 * or NCALayer — the parts of the applicant's signing step (EdsParts). Keyboard: the tabs move
 * with the arrow keys, the decline question closes with Escape and gives the focus back.
 */
import { type FormEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { coSigningPayload } from '../../../src/identity/cosign-payload.ts';
import { type ApiError, api, type ApplicationSignature, type CoSignRequestDetail, type CoSignResult, type DemoAccount, type Me, type ServiceDetail, type SigningCode } from '../api.ts';
import { KeystoreFields, NcaAction, NcaLayerStatus, NcaTabLabel, SignErrorBox, SmsCodeForm, toSignError, useCountdown, useKeystoreInput } from '../components/EdsParts.tsx';
import { inSentence } from '../components/cosign.ts';
import { RequireUser } from '../components/RequireUser.tsx';
import { TabPanel, Tabs } from '../components/Tabs.tsx';
import { ErrorBox, Fact, Loading, StatusBadge } from '../components/ui.tsx';
import { toBase64 } from '../eds/bytes.ts';
import { ncaLayerSign } from '../eds/ncalayer.ts';
import { useNcaLayer } from '../eds/useNcaLayer.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { formatDateTime, useI18n } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { answer } from './ApplicationPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

export function CoSignPage({ id }: { id: string }) {
  return (
    <RequireUser>
      <CoSign id={id} />
    </RequireUser>
  );
}

function CoSign({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { user } = useSession();
  const req = useApi<CoSignRequestDetail>(`/api/v1/me/co-sign-requests/${encodeURIComponent(id)}`);
  const r = req.data;
  const svc = useApi<ServiceDetail>(r ? `/api/v1/services/${encodeURIComponent(r.serviceCode)}?version=${r.serviceVersion}` : null);
  const [done, setDone] = useState<CoSignResult | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(r ? `${t('cosign.title')} · ${r.number}` : t('cosign.title'));

  useEffect(() => {
    if (done) outcomeRef.current?.focus();
  }, [done]);

  if (req.error?.status === 404) return <NotFoundPage error={req.error} />;
  if (req.error && !r) return <ErrorBox error={req.error} onRetry={req.reload} />;
  if (!r || !user) return <Loading />;

  const who = pick(r.as.label);
  const fields = (svc.data?.form.fields ?? []).filter((f) => f.name in r.form);
  const open = r.status === 'pending' && r.applicationStatus === 'awaiting-second-applicant';
  const finished = (x: CoSignResult) => {
    setDone(x);
    req.reload();
  };

  return (
    <article className="cosign" data-testid="cosign-page" data-status={r.status}>
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link to="/cabinet">{t('nav.cabinet')}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{r.number}</span>
      </nav>

      <div className="page-head">
        <div>
          <p className="eyebrow">{pick(r.serviceName)}</p>
          <h1>{t('cosign.title')}</h1>
        </div>
        <StatusBadge status={r.applicationStatus}>
          <span data-testid="cosign-app-status">{pick(r.applicationStatusName)}</span>
        </StatusBadge>
      </div>

      <section className="card" aria-label={t('app.number')}>
        <dl className="facts">
          <Fact label={t('app.number')} testId="cosign-number">
            <span className="mono">{r.number}</span>
          </Fact>
          <Fact label={t('cosign.applicant')} testId="cosign-applicant">
            {r.applicant.name}, {t('cosign.iin')} <span className="mono">{r.applicant.iin}</span>
          </Fact>
          <Fact label={t('cosign.you')}>
            {who}, {t('cosign.iin')} <span className="mono">{user.iin}</span>
          </Fact>
          {open && (
            <Fact label={t('cosign.until.short')} testId="cosign-until">
              {formatDateTime(r.expiresAt)}
            </Fact>
          )}
        </dl>
      </section>

      <div ref={outcomeRef} tabIndex={-1} className="focus-target">
        {r.status === 'signed' && (
          <div className="alert alert-success" role="status" data-testid="cosign-signed">
            <h2>{t('cosign.signed')}</h2>
            {r.signedAt && <p>{t('cosign.signedAt', { time: formatDateTime(r.signedAt) })}</p>}
            {r.method && <p>{r.method === 'sms' ? t('sign.signedSms') : t('sign.signedEdsShort')}</p>}
            <p>
              <Link to="/cabinet">{t('nav.cabinet')}</Link>
            </p>
          </div>
        )}
        {r.status === 'declined' && (
          <div className="alert alert-info" role="status" data-testid="cosign-declined">
            <p>{t('cosign.declined')}</p>
          </div>
        )}
        {r.status === 'expired' && (
          <div className="alert alert-error" role="status" data-testid="cosign-expired">
            <p>{t('cosign.expired', { time: formatDateTime(r.expiresAt) })}</p>
          </div>
        )}
        {r.status === 'pending' && r.applicationStatus !== 'awaiting-second-applicant' && (
          <div className="alert alert-info" role="status" data-testid="cosign-closed">
            <p>{t('cosign.closed')}</p>
          </div>
        )}
      </div>

      <section className="card" aria-labelledby="cosign-answers">
        <h2 id="cosign-answers">{open ? t('sign.title') : t('cosign.answers')}</h2>
        {open && (
          <p className="muted" data-testid="cosign-lead">
            {t('cosign.lead', { name: r.applicant.name, iin: r.applicant.iin, who: inSentence(who) })}
          </p>
        )}
        {svc.error && <ErrorBox error={svc.error} onRetry={svc.reload} />}
        {!svc.data && !svc.error ? (
          <Loading />
        ) : (
          <dl className="answers review" data-testid="review">
            {fields.map((f) => (
              <div key={f.name} className="answer">
                <dt>{pick(f.label)}</dt>
                <dd>{answer(i18n, f, r.form[f.name])}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      {open && svc.data && (
        <CoSignMethods request={r} user={user} onDone={finished} onUnauthenticated={() => navigate(`/login?next=${encodeURIComponent(`/cabinet/co-sign/${r.applicationId}`)}`)} />
      )}
    </article>
  );
}

type Method = 'file' | 'sms' | 'nca';
const RESEND_AFTER_MS = 30_000;

function CoSignMethods({ request: r, user, onDone, onUnauthenticated }: { request: CoSignRequestDetail; user: Me; onDone: (x: CoSignResult) => void; onUnauthenticated: () => void }) {
  const { t, pick, lang } = useI18n();
  const ids = useId();
  const base = `/api/v1/me/co-sign-requests/${encodeURIComponent(r.applicationId)}`;
  const [method, setMethod] = useState<Method>('file');
  const [err, setErr] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const nca = useNcaLayer();
  const demo = useApi<DemoAccount[]>('/api/v1/demo/accounts');
  const demoPhone = demo.data?.find((a) => a.iin === user.iin)?.phone;
  const ks = useKeystoreInput('sign');
  const [otp, setOtp] = useState<(SigningCode & { sentAt: number }) | null>(null);
  const [code, setCode] = useState('');
  const [codeErr, setCodeErr] = useState<string | null>(null);
  const [requesting, setRequesting] = useState(false);
  const wait = useCountdown(otp ? otp.sentAt + RESEND_AFTER_MS : null);
  const codeRef = useRef<HTMLInputElement>(null);
  const ncaAbort = useRef<AbortController | null>(null);
  useEffect(() => () => ncaAbort.current?.abort(), []);
  const [asking, setAsking] = useState(false);
  const declineRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The focus moves in the same commit that swaps the buttons (a layout effect, not a timer):
  // to "Yes, decline" when asking, back to "Decline" when the question is cancelled.
  const asked = useRef(false);
  useLayoutEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (asked.current) declineRef.current?.focus();
    asked.current = asking;
  }, [asking]);

  const bytes = () =>
    coSigningPayload({ applicationNumber: r.number, serviceCode: r.serviceCode, serviceVersion: r.serviceVersion, applicantIin: r.applicant.iin, form: r.form, coSignerIin: user.iin });

  const send = async (signature: ApplicationSignature) => onDone(await api<CoSignResult>(`${base}/sign`, { method: 'POST', body: { signature } }));

  const attempt = async (work: () => Promise<void>) => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    setErr(null);
    try {
      await work();
    } catch (x) {
      const a = toSignError(x);
      if (a.status === 401) return onUnauthenticated();
      if (a.code === 'PKI_BAD_PASSWORD') ks.badPassword(pick(a.i18n));
      else if (a.code.startsWith('OTP_')) {
        setCodeErr(pick(a.i18n));
        codeRef.current?.select();
      } else setErr(a);
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };

  const signWithFile = (e: FormEvent) => {
    e.preventDefault();
    const input = ks.take();
    if (!input) return;
    void attempt(async () => {
      const eds = await import('../eds/index.ts');
      const key = await eds.unlockKeystore(input.file.bytes, input.password, 'sign', user.iin);
      await send({ method: 'eds', cms: await key.sign(bytes()) });
    });
  };

  const requestCode = async () => {
    if (requesting) return;
    setRequesting(true);
    setErr(null);
    setCodeErr(null);
    try {
      const x = await api<SigningCode>(`${base}/signing-code`, { method: 'POST' });
      setOtp({ ...x, sentAt: Date.now() });
      setCode('');
      setTimeout(() => codeRef.current?.focus(), 0);
    } catch (x) {
      const a = toSignError(x);
      if (a.status === 401) return onUnauthenticated();
      setErr(a);
    } finally {
      setRequesting(false);
    }
  };

  const signWithSms = (e: FormEvent) => {
    e.preventDefault();
    if (!otp) return;
    if (!/^\d{6}$/.test(code)) {
      setCodeErr(t('sign.codeRequired'));
      codeRef.current?.focus();
      return;
    }
    setCodeErr(null);
    void attempt(() => send({ method: 'sms', otpId: otp.otpId, code }));
  };

  const signWithNca = () => {
    void attempt(async () => {
      const ac = new AbortController();
      ncaAbort.current = ac;
      try {
        const cms = await ncaLayerSign(toBase64(bytes()), { purpose: 'sign', iin: user.iin, locale: lang, signal: ac.signal });
        await send({ method: 'eds', cms });
      } finally {
        ncaAbort.current = null;
      }
    });
  };

  const decline = () => {
    void attempt(async () => {
      onDone(await api<CoSignResult>(`${base}/decline`, { method: 'POST' }));
    });
  };
  const cancelDecline = () => {
    setAsking(false);
  };

  return (
    <section className="card sign-step" aria-labelledby={`${ids}-title`} data-testid="cosign-step">
      <h2 id={`${ids}-title`} className="step-title">
        {t('sign.methods')}
      </h2>
      <p className="alert alert-warn" data-testid="cosign-deadline">
        {t('cosign.until', { time: formatDateTime(r.expiresAt) })}
      </p>
      <Tabs
        base={ids}
        fill
        label={t('sign.methods')}
        value={method}
        onChange={(m) => {
          setMethod(m);
          setErr(null);
        }}
        tabs={[
          { id: 'file', label: t('sign.tabFile'), testId: 'sign-tab-file' },
          { id: 'sms', label: t('sign.tabSms'), testId: 'sign-tab-sms' },
          { id: 'nca', label: <NcaTabLabel nca={nca} label={t('sign.tabNca')} />, testId: 'sign-tab-nca' },
        ]}
      />
      <TabPanel base={ids} id={method}>
        {err && <SignErrorBox error={err} title={t('cosign.errorTitle')} iin={user.iin} purpose="sign" />}

        {method === 'file' && (
          <form onSubmit={signWithFile} noValidate data-testid="sign-file-form">
            <p className="small muted">{t('sign.fileLead')}</p>
            <KeystoreFields ids={ids} {...ks.fields} />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" data-testid="sign-submit" disabled={sending} aria-busy={sending}>
                {sending ? t('eds.signing') : t('cosign.submit')}
              </button>
            </div>
          </form>
        )}

        {method === 'sms' && (
          <SmsCodeForm
            ids={ids}
            lead={t('cosign.smsLead')}
            submitLabel={t('cosign.submit')}
            otp={otp}
            requesting={requesting}
            onRequest={() => void requestCode()}
            code={code}
            onCode={setCode}
            codeError={codeErr}
            codeRef={codeRef}
            sending={sending}
            wait={wait}
            demoPhone={demoPhone}
            onSubmit={signWithSms}
          />
        )}

        {method === 'nca' && (
          <div data-testid="sign-nca">
            <p className="small muted">{t('sign.ncaLead')}</p>
            <NcaLayerStatus nca={nca} />
            <NcaAction nca={nca} busy={sending} label={t('cosign.ncaSubmit')} onStart={signWithNca} onCancel={() => ncaAbort.current?.abort()} />
          </div>
        )}
      </TabPanel>

      <div className="cosign-decline">
        {!asking ? (
          <button type="button" ref={declineRef} className="btn btn-ghost" onClick={() => setAsking(true)} disabled={sending} data-testid="cosign-decline">
            {t('cosign.decline')}
          </button>
        ) : (
          <div
            role="group"
            aria-label={t('cosign.decline')}
            className="confirm-step"
            data-testid="cosign-decline-confirm"
            onKeyDown={(e) => {
              if (e.key === 'Escape') cancelDecline();
            }}
          >
            <p className="small" id={`${ids}-decline-q`}>
              {t('cosign.declineConfirm', { name: r.applicant.name })}
            </p>
            <button type="button" ref={confirmRef} className="btn btn-primary btn-small" onClick={decline} aria-describedby={`${ids}-decline-q`} disabled={sending} data-testid="cosign-decline-yes">
              {t('cosign.declineYes')}
            </button>{' '}
            <button type="button" className="btn btn-secondary btn-small" onClick={cancelDecline} data-testid="cosign-decline-no">
              {t('cosign.cancel')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
