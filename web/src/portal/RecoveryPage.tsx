/**
 * `/login/recovery` — a new password with a code by SMS (from "Forgot password?" on the login page):
 * 1. the IIN → POST /api/v1/auth/recovery. The answer is the same whether or not the IIN has an
 *    account, so the page says "if an account with this IIN has a phone, a code has been sent";
 * 2. the code from the SMS and the new password twice → POST /api/v1/auth/recovery/confirm
 *    (the policy is checked here first with the server's own rules and messages);
 * 3. done: sign in with the new password (every earlier session has ended, the lock is lifted).
 * In demo mode the simulated operator's SMS can be shown under the code field.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { passwordProblems } from '../../../src/accounts/password-policy.ts';
import { type ApiError, api, type DemoAccount, toApiError } from '../api.ts';
import { CodeField, DemoSms, useCountdown } from '../components/EdsParts.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { formatTime, useI18n } from '../i18n.tsx';
import type { MessageKey } from '../messages.ts';
import { Link, safeNext, useLocation } from '../router.tsx';
import { iinProblem, lockEnd } from './LoginPage.tsx';

const RESEND_AFTER_MS = 30_000;

interface Requested {
  recoveryId: string;
  expiresAt: string;
  sentAt: number;
}

export function RecoveryPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [iin, setIin] = useState(() => (/^\d{12}$/.test(query.get('iin') ?? '') ? (query.get('iin') as string) : ''));
  const [req, setReq] = useState<Requested | null>(null);
  const [done, setDone] = useState(false);
  const demo = useApi<DemoAccount[]>('/api/v1/demo/accounts');
  const demoPhone = demo.data?.find((a) => a.iin === iin)?.phone;
  useDocumentTitle(t('rec.title'));

  const loginHref = `/login?${new URLSearchParams({ ...(next !== '/' ? { next } : {}), ...(iin ? { iin } : {}) }).toString()}`;

  return (
    <div className="login-layout">
      <section className="card login-card" aria-labelledby="rec-title" data-testid="recovery">
        <h1 id="rec-title">{t('rec.title')}</h1>
        {done ? (
          <div className="alert alert-success" role="status" data-testid="recovery-done">
            <h2>{t('rec.doneTitle')}</h2>
            <p>{t('rec.doneText')}</p>
            <p>
              <Link to={loginHref} className="btn btn-primary" data-testid="recovery-login">
                {t('rec.toLogin')}
              </Link>
            </p>
          </div>
        ) : req ? (
          <ConfirmStep
            iin={iin}
            req={req}
            demoPhone={demoPhone}
            onResent={setReq}
            onOtherIin={() => setReq(null)}
            onDone={() => setDone(true)}
          />
        ) : (
          <IinStep iin={iin} setIin={setIin} onSent={setReq} />
        )}
        {!done && (
          <p className="center small">
            <Link to={loginHref}>{t('rec.back')}</Link>
          </p>
        )}
      </section>
    </div>
  );
}

async function requestCode(iin: string): Promise<Requested> {
  const r = await api<{ recoveryId: string; expiresAt: string }>('/api/v1/auth/recovery', { method: 'POST', body: { iin } });
  return { ...r, sentAt: Date.now() };
}

/** A refusal to send (too many requests), with the time one may ask again. */
function sendError(a: ApiError, pick: (x: ApiError['i18n']) => string, t: (k: MessageKey, p?: Record<string, string | number>) => string): string {
  const at = a.details.retryAt;
  return a.code === 'RECOVERY_LIMIT' && typeof at === 'string' ? `${pick(a.i18n)} ${t('rec.tryAfter', { time: lockEnd(at, t) })}` : pick(a.i18n);
}

// ------------------------------------------------------------------ 1. the IIN

function IinStep({ iin, setIin, onSent }: { iin: string; setIin: (v: string) => void; onSent: (r: Requested) => void }) {
  const { t, pick } = useI18n();
  const [iinErr, setIinErr] = useState<string | null>(null);
  const [formErr, setFormErr] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const ids = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    const v = iin.trim();
    const p = iinProblem(v);
    setFormErr(null);
    setIinErr(p ? t(p) : null);
    if (p) return ref.current?.focus();
    setSending(true);
    try {
      onSent(await requestCode(v));
    } catch (x) {
      const a = toApiError(x);
      setSending(false);
      if (a.path === '/iin') {
        setIinErr(pick(a.i18n));
        ref.current?.focus();
      } else setFormErr(sendError(a, pick, t));
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="recovery-iin-form">
      <p className="eyebrow">{t('rec.step', { n: 1 })}</p>
      <p className="lead">{t('rec.lead')}</p>
      <div className={iinErr ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-iin`}>{t('login.iin')}</label>
        <p className="help" id={`${ids}-iin-help`}>
          {t('login.iinHelp')}
        </p>
        {iinErr && (
          <p className="error-text" id={`${ids}-iin-err`}>
            {iinErr}
          </p>
        )}
        <input
          id={`${ids}-iin`}
          ref={ref}
          data-testid="recovery-iin"
          name="iin"
          inputMode="numeric"
          autoComplete="username"
          maxLength={12}
          className="input input-iin"
          value={iin}
          aria-invalid={!!iinErr}
          aria-describedby={`${ids}-iin-help${iinErr ? ` ${ids}-iin-err` : ''}`}
          onChange={(e) => {
            setIin(e.target.value.replace(/\D/g, '').slice(0, 12));
            if (iinErr) setIinErr(null);
          }}
        />
      </div>
      {formErr && (
        <div className="alert alert-error" role="alert" data-testid="recovery-error">
          <p>{formErr}</p>
        </div>
      )}
      <button type="submit" className="btn btn-primary btn-block" data-testid="recovery-send" disabled={sending} aria-busy={sending}>
        {sending ? t('rec.sending') : t('rec.send')}
      </button>
    </form>
  );
}

// ------------------------------------------------------------------ 2. the code and the new password

/** Codes after which this recovery cannot succeed: ask for a new code. */
const DEAD_END = new Set(['RECOVERY_UNKNOWN', 'OTP_EXPIRED', 'OTP_USED', 'OTP_TOO_MANY_ATTEMPTS']);

function ConfirmStep(props: { iin: string; req: Requested; demoPhone?: string | undefined; onResent: (r: Requested) => void; onOtherIin: () => void; onDone: () => void }) {
  const { iin, req, demoPhone, onResent, onOtherIin, onDone } = props;
  const { t, pick } = useI18n();
  const [code, setCode] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [show, setShow] = useState(false);
  const [codeErr, setCodeErr] = useState<string | null>(null);
  const [pwErr, setPwErr] = useState<string[]>([]);
  const [pw2Err, setPw2Err] = useState<string | null>(null);
  const [formErr, setFormErr] = useState<{ text: string; deadEnd: boolean } | null>(null);
  const [sending, setSending] = useState(false);
  const wait = useCountdown(req.sentAt + RESEND_AFTER_MS);
  const codeRef = useRef<HTMLInputElement>(null);
  const pwRef = useRef<HTMLInputElement>(null);
  const pw2Ref = useRef<HTMLInputElement>(null);
  const ids = useId();

  useEffect(() => {
    codeRef.current?.focus();
  }, [req.recoveryId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    setFormErr(null);
    const ce = /^\d{6}$/.test(code) ? null : t('sign.codeRequired');
    const pe = pw ? passwordProblems(pw, iin).map((p) => pick(p.message)) : [t('rec.passwordRequired')];
    const p2 = pe.length === 0 && pw !== pw2 ? t('rec.mismatch') : null;
    setCodeErr(ce);
    setPwErr(pe);
    setPw2Err(p2);
    if (ce) return codeRef.current?.focus();
    if (pe.length) return pwRef.current?.focus();
    if (p2) return pw2Ref.current?.focus();
    setSending(true);
    try {
      await api('/api/v1/auth/recovery/confirm', { method: 'POST', body: { iin, recoveryId: req.recoveryId, code, newPassword: pw } });
      onDone();
    } catch (x) {
      const a = toApiError(x);
      setSending(false);
      if (a.code === 'WEAK_PASSWORD') {
        setPwErr(a.errors.map((i) => pick(i.message)));
        pwRef.current?.focus();
      } else if (DEAD_END.has(a.code)) {
        setFormErr({ text: pick(a.i18n), deadEnd: true });
      } else if (a.code.startsWith('OTP_')) {
        const left = a.details.attemptsLeft;
        setCodeErr(`${pick(a.i18n)}${typeof left === 'number' ? ` ${t('rec.codeAttemptsLeft', { n: left })}` : ''}`);
        codeRef.current?.select();
      } else setFormErr({ text: pick(a.i18n), deadEnd: false });
    }
  };

  const resend = async () => {
    setFormErr(null);
    setCodeErr(null);
    try {
      onResent(await requestCode(iin));
      setCode('');
    } catch (x) {
      setFormErr({ text: sendError(toApiError(x), pick, t), deadEnd: false });
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="recovery-confirm-form">
      <p className="eyebrow">{t('rec.step', { n: 2 })}</p>
      <p role="status" data-testid="recovery-sent">
        {t('rec.sent', { iin, time: formatTime(req.expiresAt) })}
      </p>
      <p className="muted small">{t('rec.noSms')}</p>
      <CodeField ids={ids} label={t('sign.code')} value={code} onChange={setCode} error={codeErr} inputRef={codeRef} />
      {demoPhone && <DemoSms phone={demoPhone} />}
      <div className={pwErr.length ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-pw`}>{t('rec.newPassword')}</label>
        <p className="help" id={`${ids}-pw-help`}>
          {t('rec.newPasswordHelp')}
        </p>
        {pwErr.length > 0 && (
          <div className="error-text" id={`${ids}-pw-err`} data-testid="new-password-error">
            {pwErr.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        )}
        <div className="input-with-button">
          <input
            id={`${ids}-pw`}
            ref={pwRef}
            data-testid="new-password"
            name="new-password"
            type={show ? 'text' : 'password'}
            autoComplete="new-password"
            className="input"
            value={pw}
            aria-invalid={pwErr.length > 0}
            aria-describedby={`${ids}-pw-help${pwErr.length ? ` ${ids}-pw-err` : ''}`}
            onChange={(e) => {
              setPw(e.target.value);
              if (pwErr.length) setPwErr([]);
            }}
          />
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={show} aria-controls={`${ids}-pw ${ids}-pw2`} onClick={() => setShow((s) => !s)}>
            {show ? t('login.hide') : t('login.show')}
          </button>
        </div>
      </div>
      <div className={pw2Err ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-pw2`}>{t('rec.repeat')}</label>
        {pw2Err && (
          <p className="error-text" id={`${ids}-pw2-err`} data-testid="repeat-password-error">
            {pw2Err}
          </p>
        )}
        <input
          id={`${ids}-pw2`}
          ref={pw2Ref}
          data-testid="repeat-password"
          name="repeat-password"
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          className="input"
          value={pw2}
          aria-invalid={!!pw2Err}
          aria-describedby={pw2Err ? `${ids}-pw2-err` : undefined}
          onChange={(e) => {
            setPw2(e.target.value);
            if (pw2Err) setPw2Err(null);
          }}
        />
      </div>
      {formErr && (
        <div className="alert alert-error" role="alert" data-testid="recovery-error">
          <p>{formErr.text}</p>
        </div>
      )}
      <button type="submit" className="btn btn-primary btn-block" data-testid="recovery-submit" disabled={sending} aria-busy={sending}>
        {sending ? t('rec.saving') : t('rec.submit')}
      </button>
      <p className="form-actions compact">
        <button type="button" className="btn btn-ghost btn-small" onClick={onOtherIin} data-testid="recovery-other-iin">
          {t('rec.otherIin')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => void resend()} disabled={wait > 0 && !formErr?.deadEnd} data-testid="recovery-resend">
          {wait > 0 && !formErr?.deadEnd ? t('sign.smsResendIn', { n: wait }) : t('rec.again')}
        </button>
      </p>
    </form>
  );
}
