/**
 * Step 2 of an online application: check the answers, sign, submit — as on the
 * e-government portal. What is signed are the exact bytes the server recomputes:
 * `signingPayload()` from src/identity/payload.ts (applicant IIN, service, channel,
 * form, region, Idempotency-Key), imported here so both sides agree byte for byte.
 *
 * - EDS key file: the SIGN keystore (.p12) is opened in the browser (pkijs over WebCrypto),
 *   the bytes are signed (detached CMS, SHA-256, signingTime, signer certificate) and sent as
 *   `signature: { method: 'eds', cms }`. The file stays in this tab's memory; the password
 *   and the decrypted key are never kept.
 * - SMS code: POST /api/v1/applications/signing-code (same draft, same Idempotency-Key) sends
 *   a code bound to these bytes; `signature: { method: 'sms', otpId, code }`.
 * - NCALayer (when running): `kz.gov.pki.knca.basics` `sign` with the SIGN key.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { signingPayload } from '../../../src/identity/payload.ts';
import type { FormField } from '../../../src/registry/types.ts';
import { type ApiError, type ApplicationSignature, api, type DemoAccount, type Me, type ServiceDetail, type SignedWith, type SigningCode, type Submitted } from '../api.ts';
import { toBase64 } from '../eds/bytes.ts';
import { ncaLayerSign } from '../eds/ncalayer.ts';
import { useNcaLayer } from '../eds/useNcaLayer.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { answer } from '../portal/ApplicationPage.tsx';
import { FileList } from './FileField.tsx';
import type { FileRef } from '../../../src/registry/types.ts';
import { KeystoreFields, NcaAction, NcaLayerStatus, NcaTabLabel, SignErrorBox, SmsCodeForm, toSignError, useCountdown, useKeystoreInput } from './EdsParts.tsx';
import { TabPanel, Tabs } from './Tabs.tsx';

type Method = 'file' | 'sms' | 'nca';
const RESEND_AFTER_MS = 30_000;

export interface SignStepProps {
  def: ServiceDetail;
  user: Me;
  /** The visible fields, in order, and the answers exactly as they will be sent. */
  fields: FormField[];
  form: Record<string, unknown>;
  /** The region whose provider works the application (services of several regions), or null. */
  region?: string | null;
  idempotencyKey: string;
  onBack: () => void;
  onSubmitted: (r: Submitted, signedWith: SignedWith) => void;
  /** The server refused the answers (422 with /form/… paths): back to the form with them. */
  onFormErrors: (e: ApiError) => void;
  onUnauthenticated: () => void;
}

export function SignStep({ def, user, fields, form, region = null, idempotencyKey, onBack, onSubmitted, onFormErrors, onUnauthenticated }: SignStepProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const ids = useId();
  const [method, setMethod] = useState<Method>('file');
  const [err, setErr] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nca = useNcaLayer();
  const demo = useApi<DemoAccount[]>('/api/v1/demo/accounts');
  const demoPhone = demo.data?.find((a) => a.iin === user.iin)?.phone;

  // key file
  const ks = useKeystoreInput('sign');

  // SMS
  const [otp, setOtp] = useState<(SigningCode & { sentAt: number }) | null>(null);
  const [code, setCode] = useState('');
  const [codeErr, setCodeErr] = useState<string | null>(null);
  const [requesting, setRequesting] = useState(false);
  const wait = useCountdown(otp ? otp.sentAt + RESEND_AFTER_MS : null);
  const codeRef = useRef<HTMLInputElement>(null);

  // NCALayer
  const ncaAbort = useRef<AbortController | null>(null);
  useEffect(() => () => ncaAbort.current?.abort(), []);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const draft = { serviceCode: def.code, channel: 'portal' as const, form, ...(region ? { region } : {}) };
  const bytes = () => signingPayload({ applicantIin: user.iin, ...draft, region, idempotencyKey });

  /** Send the application with this signature; errors are routed to where the person can act on them. */
  const send = async (signature: ApplicationSignature, signedWith: SignedWith) => {
    const r = await api<Submitted>('/api/v1/applications', { method: 'POST', headers: { 'idempotency-key': idempotencyKey }, body: { ...draft, signature } });
    onSubmitted(r, signedWith);
  };

  /** Run one signing attempt: one at a time (a double click sends once). */
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
      if (a.code === 'VALIDATION_FAILED' && a.errors.some((e) => e.path.startsWith('/form/'))) return onFormErrors(a);
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
      const cms = await key.sign(bytes());
      await send({ method: 'eds', cms }, { method: 'eds', name: key.signer.commonName, iin: key.signer.iin ?? undefined });
    });
  };

  const requestCode = async () => {
    if (requesting) return;
    setRequesting(true);
    setErr(null);
    setCodeErr(null);
    try {
      const r = await api<SigningCode>('/api/v1/applications/signing-code', { method: 'POST', headers: { 'idempotency-key': idempotencyKey }, body: draft });
      setOtp({ ...r, sentAt: Date.now() });
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
    void attempt(() => send({ method: 'sms', otpId: otp.otpId, code }, { method: 'sms' }));
  };

  const signWithNca = () => {
    void attempt(async () => {
      const ac = new AbortController();
      ncaAbort.current = ac;
      try {
        const cms = await ncaLayerSign(toBase64(bytes()), { purpose: 'sign', iin: user.iin, locale: lang, signal: ac.signal });
        await send({ method: 'eds', cms }, { method: 'eds' });
      } finally {
        ncaAbort.current = null;
      }
    });
  };

  const reused = err?.code === 'IDEMPOTENCY_KEY_REUSED';

  return (
    <section className="sign-step" aria-labelledby={`${ids}-title`} data-testid="sign-step">
      <h2 id={`${ids}-title`} ref={headingRef} tabIndex={-1} className="step-title">
        {t('sign.title')}
      </h2>
      <p className="muted">{t('sign.lead')}</p>
      <dl className="answers review" data-testid="review">
        {fields
          .filter((f) => f.name in form)
          .map((f) => (
            <div key={f.name} className="answer">
              <dt>{pick(f.label)}</dt>
              {f.type === 'file' && Array.isArray(form[f.name]) ? (
                // What is signed for a file is its SHA-256 fingerprint: shown with its name and size.
                <dd data-testid={`review-files-${f.name}`}>
                  <p className="small muted">{t('file.signed')}</p>
                  <FileList files={form[f.name] as FileRef[]} />
                </dd>
              ) : (
                <dd>{answer(i18n, f, form[f.name])}</dd>
              )}
            </div>
          ))}
      </dl>
      <p>
        <button type="button" className="btn btn-ghost btn-small" onClick={onBack} disabled={sending} data-testid="edit-answers">
          {t('sign.edit')}
        </button>
      </p>

      <h3 className="sign-methods-title">{t('sign.methods')}</h3>
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
          {
            id: 'nca',
            label: <NcaTabLabel nca={nca} label={t('sign.tabNca')} />,
            testId: 'sign-tab-nca',
          },
        ]}
      />
      <TabPanel base={ids} id={method}>
        {err &&
          (reused ? (
            <div className="alert alert-error" role="alert" data-testid="sign-error" data-code={err.code}>
              <p>
                {t('apply.reused')} <Link to="/cabinet">{t('nav.cabinet')}</Link>
              </p>
            </div>
          ) : (
            <SignErrorBox error={err} title={t('sign.errorTitle')} iin={user.iin} purpose="sign" />
          ))}

        {method === 'file' && (
          <form onSubmit={signWithFile} noValidate data-testid="sign-file-form">
            <p className="small muted">{t('sign.fileLead')}</p>
            <KeystoreFields ids={ids} {...ks.fields} />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" data-testid="sign-submit" disabled={sending} aria-busy={sending}>
                {sending ? t('eds.signing') : t('sign.submit')}
              </button>
            </div>
          </form>
        )}

        {method === 'sms' && (
          <SmsCodeForm
            ids={ids}
            lead={t('sign.smsLead')}
            submitLabel={t('sign.submit')}
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
            <NcaAction nca={nca} busy={sending} label={t('sign.ncaSubmit')} onStart={signWithNca} onCancel={() => ncaAbort.current?.abort()} />
          </div>
        )}
      </TabPanel>
    </section>
  );
}
