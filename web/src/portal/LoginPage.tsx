/**
 * `/login` — three ways in, as on the e-government portal:
 * - IIN + password (POST /api/v1/auth/login); accounts with a second factor get
 *   `{ mfaRequired, otpId, phone }` and finish with the SMS code (POST …/login/sms);
 * - an EDS key file: the AUTH keystore (.p12) is opened in the browser, the server's
 *   single-use challenge (POST /api/v1/auth/challenge) is signed there and sent to
 *   POST /api/v1/auth/login/eds — the key and its password never leave the browser;
 * - NCALayer, when it runs on this computer: it signs the challenge with the AUTH key.
 * The session is the server's HttpOnly cookie. In demo mode the accounts from
 * GET /api/v1/demo/accounts are listed with their AUTH and SIGN keystore files.
 */
import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { ROLE_NAMES, type Role } from '../../../src/accounts/roles.ts';
import { checksumOk } from '../../../src/ids/iin.ts';
import { type ApiError, api, type Challenge, type DemoAccount, type MfaRequired, toApiError } from '../api.ts';
import { CodeField, DemoSms, KeystoreFields, NcaAction, NcaLayerStatus, NcaTabLabel, SignErrorBox, toSignError, useCountdown, useKeystoreInput } from '../components/EdsParts.tsx';
import { TabPanel, Tabs } from '../components/Tabs.tsx';
import { fromBase64 } from '../eds/bytes.ts';
import { ncaLayerSign } from '../eds/ncalayer.ts';
import { useNcaLayer } from '../eds/useNcaLayer.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { formatDate, formatDateTime, formatTime, nbsp, useI18n } from '../i18n.tsx';
import type { MessageKey } from '../messages.ts';
import { Link, navigate, safeNext, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';

type Method = 'password' | 'eds' | 'nca';
const RESEND_AFTER_MS = 30_000;

export function iinProblem(v: string): MessageKey | null {
  if (!v) return 'login.iinRequired';
  if (!/^\d{12}$/.test(v)) return 'login.iinFormat';
  if (!checksumOk(v)) return 'login.iinChecksum';
  return null;
}

/** A fresh challenge from the server, signed by `sign`, exchanged for a session. */
async function challengeLogin(sign: (challenge: Uint8Array, b64: string) => Promise<string>): Promise<void> {
  const ch = await api<Challenge>('/api/v1/auth/challenge', { method: 'POST' });
  const bytes = fromBase64(ch.challenge);
  if (!bytes) throw new Error('bad challenge');
  const signature = await sign(bytes, ch.challenge);
  await api('/api/v1/auth/login/eds', { method: 'POST', body: { challengeId: ch.challengeId, signature } });
}

/** Demo accounts grouped by organisation, citizens first, in the order the server lists them. */
function demoGroups(accounts: DemoAccount[]): Array<{ id: string | null; org: DemoAccount['org'] | null; accounts: DemoAccount[] }> {
  const groups = new Map<string | null, { id: string | null; org: DemoAccount['org'] | null; accounts: DemoAccount[] }>();
  for (const a of accounts) {
    const id = a.org?.id ?? null;
    if (!groups.has(id)) groups.set(id, { id, org: a.org ?? null, accounts: [] });
    groups.get(id)!.accounts.push(a);
  }
  return [...groups.values()].sort((x, y) => (x.id === null ? -1 : y.id === null ? 1 : 0));
}

export function LoginPage() {
  const { t, pick } = useI18n();
  const { user, refresh } = useSession();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [method, setMethod] = useState<Method>('password');
  const [iin, setIin] = useState(() => (/^\d{12}$/.test(query.get('iin') ?? '') ? (query.get('iin') as string) : ''));
  const [password, setPassword] = useState('');
  const [mfa, setMfa] = useState<MfaRequired | null>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const demo = useApi<DemoAccount[]>('/api/v1/demo/accounts');
  const nca = useNcaLayer();
  useDocumentTitle(t('login.title'));

  const done = async () => {
    await refresh();
    navigate(next, { replace: true });
  };

  const use = (a: DemoAccount) => {
    setMethod('password');
    setMfa(null);
    setIin(a.iin);
    setPassword(a.password);
    // After React has rendered the password tab.
    setTimeout(() => submitRef.current?.focus(), 0);
  };

  const commonPassword = demo.data?.length && demo.data.every((a) => a.password === demo.data?.[0]?.password) ? demo.data[0]?.password : null;
  const demoPhone = demo.data?.find((a) => a.iin === iin)?.phone;

  return (
    <div className="login-layout">
      <section className="card login-card" aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        {user && (
          <div className="alert alert-info">
            <p>{t('login.signedInAs', { name: user.name })}</p>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => navigate(next, { replace: true })}>
              {t('login.continue')}
            </button>
          </div>
        )}
        <Tabs
          base={ids}
          fill
          label={t('login.methods')}
          value={method}
          onChange={setMethod}
          tabs={[
            { id: 'password', label: t('login.tabPassword'), testId: 'tab-password' },
            { id: 'eds', label: t('login.tabEds'), testId: 'tab-eds' },
            {
              id: 'nca',
              label: <NcaTabLabel nca={nca} label={t('login.tabNca')} />,
              testId: 'tab-nca',
            },
          ]}
        />
        <TabPanel base={ids} id={method}>
          {method === 'password' &&
            (mfa ? (
              <SmsStep iin={iin} password={password} mfa={mfa} setMfa={setMfa} onDone={done} demoPhone={demoPhone} />
            ) : (
              <PasswordForm iin={iin} setIin={setIin} password={password} setPassword={setPassword} onMfa={setMfa} onDone={done} submitRef={submitRef} />
            ))}
          {method === 'eds' && <EdsLogin onDone={done} />}
          {method === 'nca' && <NcaLogin nca={nca} onDone={done} />}
        </TabPanel>
      </section>

      {demo.data && demo.data.length > 0 && (
        <section className="card demo-card" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('login.demoTitle')}</h2>
          <p className="muted small">{t('login.demoLead')}</p>
          <p className="muted small" data-testid="demo-keys-note">
            {t('login.demoKeys', { password: commonPassword ?? '—' })}
          </p>
          <div className="table-wrap">
            <table className="table demo-table">
              <thead>
                <tr>
                  <th scope="col">
                    {t('login.name')} · {t('login.role')}
                  </th>
                  <th scope="col">{t('login.iin')}</th>
                  {!commonPassword && <th scope="col">{t('login.password')}</th>}
                  <th scope="col">{t('login.keys')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('login.use')}</span>
                  </th>
                </tr>
              </thead>
              {demoGroups(demo.data).map((g) => (
                <tbody key={g.id ?? 'citizens'} data-testid="demo-group" data-org={g.id ?? ''}>
                  <tr className="demo-group">
                    <th scope="rowgroup" colSpan={commonPassword ? 4 : 5}>
                      {g.org ? pick(g.org.name) : t('login.citizens')}
                    </th>
                  </tr>
                  {g.accounts.map((a) => (
                    <tr key={a.iin} className="clickable" data-testid="demo-account" data-role={a.role} data-iin={a.iin} onClick={() => use(a)}>
                      <td data-label={t('login.name')}>
                        <span className="demo-name">{a.name}</span>
                        <span className="demo-role muted small">{a.role in ROLE_NAMES ? pick(ROLE_NAMES[a.role as Role]) : a.role}</span>
                        {a.mfaSms && (
                          <span className="tag tag-muted mfa-tag" title={t('login.mfaTagTitle')}>
                            <span aria-hidden="true">{t('login.mfaTag')}</span>
                            <span className="visually-hidden">{t('login.mfaTagTitle')}</span>
                          </span>
                        )}
                      </td>
                      <td data-label={t('login.iin')} className="mono nowrap">
                        {a.iin}
                      </td>
                      {!commonPassword && (
                        <td data-label={t('login.password')} className="mono nowrap">
                          {a.password}
                        </td>
                      )}
                      <td data-label={t('login.keys')} className="nowrap">
                        <span className="key-links">
                          <a
                            href={`/api/v1/demo/keystores/${a.iin}/auth`}
                            download={`AUTH_${a.iin}.p12`}
                            aria-label={t('login.downloadAuth', { name: a.name })}
                            title={t('login.downloadAuth', { name: a.name })}
                            data-testid="download-auth"
                            onClick={(e) => e.stopPropagation()}
                          >
                            AUTH
                          </a>
                          <a
                            href={`/api/v1/demo/keystores/${a.iin}/sign`}
                            download={`SIGN_${a.iin}.p12`}
                            aria-label={t('login.downloadSign', { name: a.name })}
                            title={t('login.downloadSign', { name: a.name })}
                            data-testid="download-sign"
                            onClick={(e) => e.stopPropagation()}
                          >
                            SIGN
                          </a>
                        </span>
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-secondary btn-small"
                          aria-label={t('login.useFor', { name: a.name })}
                          data-testid="use-account"
                          onClick={(e) => {
                            e.stopPropagation();
                            use(a);
                          }}
                        >
                          {t('login.use')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

// ------------------------------------------------------------------ IIN + password

function PasswordForm(props: {
  iin: string;
  setIin: (v: string) => void;
  password: string;
  setPassword: (v: string) => void;
  onMfa: (m: MfaRequired) => void;
  onDone: () => Promise<void>;
  submitRef: RefObject<HTMLButtonElement | null>;
}) {
  const { iin, setIin, password, setPassword, onMfa, onDone, submitRef } = props;
  const { t, pick } = useI18n();
  const { signIn } = useSession();
  const [show, setShow] = useState(false);
  const [iinErr, setIinErr] = useState<MessageKey | null>(null);
  const [pwErr, setPwErr] = useState<MessageKey | null>(null);
  const [apiErr, setApiErr] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const iinRef = useRef<HTMLInputElement>(null);
  const pwRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  // A server error tied to a field (e.g. path "/iin") is shown under that field.
  const apiField = apiErr?.path === '/iin' || apiErr?.errors.some((e) => e.path === '/iin') ? 'iin' : apiErr?.path === '/password' ? 'password' : null;
  const apiIinMsg = apiField === 'iin' ? pick(apiErr?.errors.find((e) => e.path === '/iin')?.message ?? apiErr?.i18n) : null;
  const apiPwMsg = apiField === 'password' ? pick(apiErr?.i18n) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    const v = iin.trim();
    const ie = iinProblem(v);
    const pe: MessageKey | null = password ? null : 'login.passwordRequired';
    setIinErr(ie);
    setPwErr(pe);
    setApiErr(null);
    if (ie) return iinRef.current?.focus();
    if (pe) return pwRef.current?.focus();
    setSending(true);
    try {
      const pending = await signIn(v, password);
      if (pending) {
        setSending(false);
        onMfa(pending);
        return;
      }
      await onDone();
    } catch (err) {
      const a = toApiError(err);
      setApiErr(a);
      setSending(false);
      if (a.code === 'INVALID_CREDENTIALS') pwRef.current?.select();
    }
  };

  const iinMsg = iinErr ? t(iinErr) : apiIinMsg;
  const pwMsg = pwErr ? t(pwErr) : apiPwMsg;
  const formMsg = apiErr && !apiField ? pick(apiErr.i18n) : null;

  return (
    <form onSubmit={submit} noValidate data-testid="password-form">
      <p className="lead">{t('login.lead')}</p>
      <div className={iinMsg ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-iin`}>{t('login.iin')}</label>
        <p className="help" id={`${ids}-iin-help`}>
          {t('login.iinHelp')}
        </p>
        {iinMsg && (
          <p className="error-text" id={`${ids}-iin-err`}>
            {iinMsg}
          </p>
        )}
        <input
          id={`${ids}-iin`}
          ref={iinRef}
          data-testid="iin"
          name="iin"
          inputMode="numeric"
          autoComplete="username"
          maxLength={12}
          className="input input-iin"
          value={iin}
          aria-invalid={!!iinMsg}
          aria-describedby={`${ids}-iin-help${iinMsg ? ` ${ids}-iin-err` : ''}`}
          onChange={(e) => {
            setIin(e.target.value.replace(/\D/g, '').slice(0, 12));
            if (iinErr) setIinErr(null);
          }}
          onBlur={() => iin && setIinErr(iinProblem(iin.trim()))}
        />
      </div>
      <div className={pwMsg ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-pw`}>{t('login.password')}</label>
        {pwMsg && (
          <p className="error-text" id={`${ids}-pw-err`}>
            {pwMsg}
          </p>
        )}
        <div className="input-with-button">
          <input
            id={`${ids}-pw`}
            ref={pwRef}
            data-testid="password"
            name="password"
            type={show ? 'text' : 'password'}
            autoComplete="current-password"
            className="input"
            value={password}
            aria-invalid={!!pwMsg}
            aria-describedby={pwMsg ? `${ids}-pw-err` : undefined}
            onChange={(e) => {
              setPassword(e.target.value);
              if (pwErr) setPwErr(null);
            }}
          />
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={show} aria-controls={`${ids}-pw`} onClick={() => setShow((s) => !s)}>
            {show ? t('login.hide') : t('login.show')}
          </button>
        </div>
      </div>
      {formMsg && apiErr && (
        <div className="alert alert-error" role="alert" data-testid="login-error">
          <p>{formMsg}</p>
          <LockoutNote error={apiErr} iin={iin.trim()} />
        </div>
      )}
      <button ref={submitRef} type="submit" className="btn btn-primary btn-block" data-testid="submit" disabled={sending} aria-busy={sending}>
        {sending ? t('login.sending') : t('login.submit')}
      </button>
      <p className="center small forgot-link">
        <Link to={recoveryHref(iin.trim())} data-testid="forgot-password">
          {t('login.forgot')}
        </Link>
      </p>
    </form>
  );
}

/** `/login/recovery`, keeping the IIN typed so far and where to go after signing in. */
function recoveryHref(iin: string): string {
  const q = new URLSearchParams();
  if (/^\d{12}$/.test(iin)) q.set('iin', iin);
  const next = new URLSearchParams(window.location.search).get('next');
  if (next) q.set('next', safeNext(next));
  const s = q.toString();
  return `/login/recovery${s ? `?${s}` : ''}`;
}

/** The end of a lock in Kazakhstan time: "14:35" today, else "08.12.2026 14:35"; "(Astana time)" when the browser is elsewhere. */
export function lockEnd(iso: string, t: (k: MessageKey) => string): string {
  const sameDay = formatDate(iso) === formatDate(new Date().toISOString());
  const when = sameDay ? formatTime(iso) : formatDateTime(iso);
  return new Date().getTimezoneOffset() === -300 ? when : `${when} ${t('login.kzTime')}`;
}

/**
 * Under a wrong password: how many attempts are left and how long the lock then lasts; when
 * locked: until when, and a way out (recovery by SMS also lifts the lock).
 */
function LockoutNote({ error, iin }: { error: ApiError; iin: string }) {
  const i = useI18n();
  const { t } = i;
  const d = error.details;
  if (error.code === 'INVALID_CREDENTIALS' && typeof d.attemptsLeft === 'number' && typeof d.lockMinutes === 'number') {
    const lock = i.duration(d.lockMinutes, 'minutes');
    return (
      <p data-testid="attempts-left" data-left={d.attemptsLeft}>
        {d.attemptsLeft === 1 ? t('login.lastAttempt', { d: lock }) : t('login.attemptsLeft', { n: d.attemptsLeft, d: lock })}
      </p>
    );
  }
  if (error.code === 'ACCOUNT_LOCKED' && typeof d.lockedUntil === 'string') {
    return (
      <>
        <p data-testid="locked-until" data-until={d.lockedUntil}>
          {t('login.locked', { time: lockEnd(d.lockedUntil, t) })}
        </p>
        <p>
          {t('login.lockedRecover')}{' '}
          <Link to={recoveryHref(iin)} data-testid="locked-recover">
            {t('login.forgot')}
          </Link>
        </p>
      </>
    );
  }
  return null;
}

// ------------------------------------------------------------------ the SMS second factor

function SmsStep({ iin, password, mfa, setMfa, onDone, demoPhone }: { iin: string; password: string; mfa: MfaRequired; setMfa: (m: MfaRequired | null) => void; onDone: () => Promise<void>; demoPhone?: string }) {
  const { t, pick } = useI18n();
  const { signIn } = useSession();
  const [code, setCode] = useState('');
  const [codeErr, setCodeErr] = useState<string | null>(null);
  const [apiErr, setApiErr] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const [sentAt, setSentAt] = useState(() => Date.now());
  const wait = useCountdown(sentAt + RESEND_AFTER_MS);
  const codeRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  useEffect(() => {
    codeRef.current?.focus();
  }, [mfa.otpId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    setApiErr(null);
    if (!/^\d{6}$/.test(code)) {
      setCodeErr(t('sign.codeRequired'));
      codeRef.current?.focus();
      return;
    }
    setCodeErr(null);
    setSending(true);
    try {
      await api('/api/v1/auth/login/sms', { method: 'POST', body: { otpId: mfa.otpId, code } });
      await onDone();
    } catch (err) {
      const a = toApiError(err);
      setSending(false);
      if (a.code.startsWith('OTP_')) {
        setCodeErr(pick(a.i18n));
        codeRef.current?.select();
      } else setApiErr(a);
    }
  };

  const resend = async () => {
    setApiErr(null);
    setCodeErr(null);
    try {
      const pending = await signIn(iin, password);
      if (pending) {
        setMfa(pending);
        setCode('');
        setSentAt(Date.now());
      } else await onDone();
    } catch (err) {
      setApiErr(toApiError(err));
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="sms-login-form">
      <h2 className="step-title">{t('login.smsTitle')}</h2>
      <p role="status" data-testid="sms-sent">
        {t('login.smsLead', { phone: nbsp(mfa.phone), time: formatTime(mfa.expiresAt) })}
      </p>
      <CodeField ids={ids} label={t('sign.code')} value={code} onChange={setCode} error={codeErr} inputRef={codeRef} />
      {apiErr && (
        <div className="alert alert-error" role="alert" data-testid="login-error">
          <p>{pick(apiErr.i18n)}</p>
        </div>
      )}
      <button type="submit" className="btn btn-primary btn-block" data-testid="sms-submit" disabled={sending} aria-busy={sending}>
        {sending ? t('login.sending') : t('login.smsSubmit')}
      </button>
      <p className="form-actions compact">
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setMfa(null)}>
          {t('login.back')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => void resend()} disabled={wait > 0} data-testid="sms-resend">
          {wait > 0 ? t('sign.smsResendIn', { n: wait }) : t('sign.smsResend')}
        </button>
      </p>
      {demoPhone && <DemoSms phone={demoPhone} />}
    </form>
  );
}

// ------------------------------------------------------------------ EDS key file

function EdsLogin({ onDone }: { onDone: () => Promise<void> }) {
  const { t, pick } = useI18n();
  const ks = useKeystoreInput('auth');
  const [err, setErr] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const ids = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    setErr(null);
    const input = ks.take();
    if (!input) return;
    setSending(true);
    try {
      const eds = await import('../eds/index.ts');
      // The keystore is opened before a challenge is asked for: a wrong password costs nothing.
      const key = await eds.unlockKeystore(input.file.bytes, input.password, 'auth');
      await challengeLogin((bytes) => key.sign(bytes));
      await onDone();
    } catch (x) {
      const a = toSignError(x);
      setSending(false);
      if (a.code === 'PKI_BAD_PASSWORD') ks.badPassword(pick(a.i18n));
      else {
        setErr(a);
        if (a.code === 'PKI_MALFORMED_KEYSTORE') ks.focusFile();
      }
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="eds-login-form">
      <p className="muted">{t('login.edsLead')}</p>
      <KeystoreFields ids={ids} {...ks.fields} />
      {err && <SignErrorBox error={err} purpose="auth" testId="login-error" />}
      <button type="submit" className="btn btn-primary btn-block" data-testid="eds-submit" disabled={sending} aria-busy={sending}>
        {sending ? t('login.sending') : t('login.edsSubmit')}
      </button>
    </form>
  );
}

// ------------------------------------------------------------------ NCALayer

function NcaLogin({ nca, onDone }: { nca: ReturnType<typeof useNcaLayer>; onDone: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const [err, setErr] = useState<ApiError | null>(null);
  const [waiting, setWaiting] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const go = async () => {
    if (waiting) return;
    setErr(null);
    setWaiting(true);
    const ac = new AbortController();
    abort.current = ac;
    try {
      await challengeLogin((_bytes, b64) => ncaLayerSign(b64, { purpose: 'auth', locale: lang, signal: ac.signal }));
      await onDone();
    } catch (x) {
      if (!ac.signal.aborted || !(x instanceof Error && x.name === 'NcaLayerError')) setErr(toSignError(x));
      setWaiting(false);
    }
  };

  return (
    <div data-testid="nca-login">
      <p className="muted">{t('login.ncaLead')}</p>
      <NcaLayerStatus nca={nca} />
      {err && <SignErrorBox error={err} purpose="auth" testId="login-error" />}
      <NcaAction nca={nca} busy={waiting} label={t('login.ncaSubmit')} onStart={() => void go()} onCancel={() => abort.current?.abort()} block />
    </div>
  );
}
