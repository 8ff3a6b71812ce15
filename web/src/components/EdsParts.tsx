/**
 * The parts the sign-in page and the signing step share: the keystore file + password
 * fields, the one-time code field, NCALayer's status, the signing error box with a
 * plain-words hint, and (demo only) the simulated operator's SMS.
 */
import { type ChangeEvent, type FormEvent, type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { ERRORS } from '../../../src/errors/errors.ts';
import type { I18n } from '../../../src/registry/types.ts';
import { ApiError, api, toApiError } from '../api.ts';
import { hasWebCrypto } from '../eds/bytes.ts';
import { EdsError } from '../eds/errors.ts';
import { type ChosenFile, rememberedKeystore, rememberKeystore } from '../eds/memory.ts';
import { NcaLayerError } from '../eds/ncalayer.ts';
import type { NcaLayerState } from '../eds/useNcaLayer.ts';
import { formatDateTime, formatTime, nbsp, useI18n } from '../i18n.tsx';
import { allLangs, type MessageKey, messages } from '../messages.ts';

const MAX_KEYSTORE_BYTES = 256 * 1024;

/** Any failure of a signing attempt (browser checks, NCALayer, the API) as an ApiError with kk/ru/en text. */
export function toSignError(e: unknown): ApiError {
  if (e instanceof EdsError) {
    const msg: I18n = e.code === 'EDS_NO_WEBCRYPTO' ? allLangs('eds.noWebCrypto') : ERRORS[e.code][1];
    return new ApiError(0, e.code, msg);
  }
  if (e instanceof NcaLayerError) {
    const key: MessageKey = e.kind === 'canceled' ? 'nca.canceled' : e.kind === 'unavailable' ? 'nca.lost' : 'nca.failed';
    return new ApiError(0, `NCALAYER_${e.kind.toUpperCase()}`, allLangs(key), undefined, e.detail ? [{ path: '', code: 'NCALAYER_DETAIL', message: { kk: e.detail, ru: e.detail, en: e.detail } }] : []);
  }
  return toApiError(e);
}

const hintKey = (code: string, purpose?: 'sign' | 'auth'): MessageKey | null => {
  for (const k of [purpose && `eds.hint.${code}.${purpose}`, `eds.hint.${code}`]) if (k && k in messages.en) return k as MessageKey;
  return null;
};

/** The error of a signing attempt: what happened (the server's words) and what to do. */
export function SignErrorBox({ error, title, iin, purpose, testId = 'sign-error' }: { error: ApiError; title?: string; iin?: string; purpose?: 'sign' | 'auth'; testId?: string }) {
  const { t, pick } = useI18n();
  const hint = hintKey(error.code, purpose);
  const detail = error.errors.find((x) => x.code === 'NCALAYER_DETAIL');
  return (
    <div className="alert alert-error" role="alert" data-testid={testId} data-code={error.code}>
      {title && <h2>{title}</h2>}
      <p>{pick(error.i18n)}</p>
      {hint && <p>{t(hint, { iin: iin ?? '' })}</p>}
      {detail && <p className="small mono">{pick(detail.message)}</p>}
    </div>
  );
}

interface KeystoreFieldsProps {
  ids: string;
  usage: 'auth' | 'sign';
  file: ChosenFile | null;
  onFile: (f: ChosenFile | null) => void;
  password: string;
  onPassword: (p: string) => void;
  fileError: string | null;
  onFileError: (key: MessageKey | null) => void;
  passwordError: string | null;
  /** What to do about the password error (e.g. "check Caps Lock"). */
  passwordHint?: string | null;
  fileRef?: RefObject<HTMLInputElement | null>;
  passwordRef?: RefObject<HTMLInputElement | null>;
}

/** A .p12/.pfx file (kept in this tab's memory for the next signature) and its password. */
export function KeystoreFields({ ids, usage, file, onFile, password, onPassword, fileError, onFileError, passwordError, passwordHint, fileRef, passwordRef }: KeystoreFieldsProps) {
  const { t } = useI18n();
  const [show, setShow] = useState(false);
  const [picked, setPicked] = useState(false);
  const fromMemory = !!file && !picked;

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setPicked(!!f);
    if (!f) return;
    if (f.size > MAX_KEYSTORE_BYTES) {
      onFile(null);
      onFileError('eds.fileTooBig');
      return;
    }
    const chosen = { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
    rememberKeystore(usage, chosen);
    onFileError(null);
    onFile(chosen);
  };

  const fileHelp = `${ids}-file-help`;
  return (
    <>
      {!hasWebCrypto() && (
        <div className="alert alert-warn" data-testid="no-webcrypto">
          <p>{t('eds.noWebCrypto')}</p>
        </div>
      )}
      <div className={fileError ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-file`}>{t('eds.file')}</label>
        <p className="help" id={fileHelp}>
          {t(usage === 'sign' ? 'eds.fileHelpSign' : 'eds.fileHelpAuth')}
        </p>
        {fileError && (
          <p className="error-text" id={`${ids}-file-err`}>
            {fileError}
          </p>
        )}
        {/* The native control stays the focus target (Space/Enter open the file dialog); the button-like
            label next to it speaks the page's language rather than the browser's. */}
        <div className="file-picker">
          <input
            id={`${ids}-file`}
            ref={fileRef}
            type="file"
            className="file-input"
            accept=".p12,.pfx,application/x-pkcs12"
            data-testid="keystore-file"
            aria-invalid={!!fileError}
            aria-describedby={`${fileHelp}${fileError ? ` ${ids}-file-err` : ''} ${ids}-file-name`}
            onChange={(e) => void choose(e)}
          />
          <label htmlFor={`${ids}-file`} className="btn btn-secondary btn-small file-button" aria-hidden="true">
            {t('eds.chooseFile')}
          </label>
          <span className={file ? 'file-name' : 'file-name muted'} id={`${ids}-file-name`} data-testid="keystore-file-name">
            {file ? file.name : t('eds.noFile')}
          </span>
        </div>
        {fromMemory && file && (
          <p className="remembered small" data-testid="keystore-remembered">
            <span>{t('eds.remembered')}</span>{' '}
            <button
              type="button"
              className="btn btn-link btn-small"
              onClick={() => {
                rememberKeystore(usage, null);
                onFile(null);
              }}
            >
              {t('eds.forget')}
            </button>
          </p>
        )}
      </div>
      <div className={passwordError ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-kpw`}>{t('eds.password')}</label>
        {passwordError && (
          <p className="error-text" id={`${ids}-kpw-err`} data-testid="keystore-password-error">
            {passwordError}
          </p>
        )}
        {passwordError && passwordHint && (
          <p className="help" id={`${ids}-kpw-hint`}>
            {passwordHint}
          </p>
        )}
        <div className="input-with-button">
          <input
            id={`${ids}-kpw`}
            ref={passwordRef}
            type={show ? 'text' : 'password'}
            className="input"
            autoComplete="off"
            data-testid="keystore-password"
            value={password}
            aria-invalid={!!passwordError}
            aria-describedby={passwordError ? `${ids}-kpw-err${passwordHint ? ` ${ids}-kpw-hint` : ''}` : undefined}
            onChange={(e) => onPassword(e.target.value)}
          />
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={show} aria-controls={`${ids}-kpw`} onClick={() => setShow((s) => !s)}>
            {show ? t('login.hide') : t('login.show')}
          </button>
        </div>
      </div>
    </>
  );
}

/** The file this tab remembered for `usage` (read once, when a form mounts). */
export const initialKeystore = (usage: 'auth' | 'sign') => rememberedKeystore(usage);

/**
 * The state behind <KeystoreFields>: the chosen file, its password, their errors and
 * focus. `take()` returns both or marks the first missing one; `badPassword()` shows
 * the server's or the browser's "wrong password" under the field.
 * Use: `const ks = useKeystoreInput('sign'); … <KeystoreFields ids={ids} {...ks.fields} />`.
 */
export function useKeystoreInput(usage: 'auth' | 'sign') {
  const { t } = useI18n();
  const [file, setFile] = useState<ChosenFile | null>(() => initialKeystore(usage));
  const [password, setPassword] = useState('');
  const [fileErr, setFileErr] = useState<MessageKey | null>(null);
  const [pwErr, setPwErr] = useState<{ text: string; badPassword: boolean } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  return {
    take(): { file: ChosenFile; password: string } | null {
      setPwErr(null);
      if (!file) {
        setFileErr('eds.fileRequired');
        fileRef.current?.focus();
        return null;
      }
      if (!password) {
        setPwErr({ text: t('eds.passwordRequired'), badPassword: false });
        passwordRef.current?.focus();
        return null;
      }
      return { file, password };
    },
    badPassword(text: string) {
      setPwErr({ text, badPassword: true });
      passwordRef.current?.select();
    },
    focusFile: () => fileRef.current?.focus(),
    fields: {
      usage,
      file,
      onFile: setFile,
      password,
      onPassword: (p: string) => {
        setPassword(p);
        setPwErr(null);
      },
      fileError: fileErr ? t(fileErr) : null,
      onFileError: setFileErr,
      passwordError: pwErr?.text ?? null,
      passwordHint: pwErr?.badPassword ? t('eds.hint.PKI_BAD_PASSWORD') : null,
      fileRef,
      passwordRef,
    },
  };
}

/** Six digits from an SMS. */
export function CodeField({ ids, label, value, onChange, error, inputRef }: { ids: string; label: string; value: string; onChange: (v: string) => void; error: string | null; inputRef?: RefObject<HTMLInputElement | null> }) {
  const { t } = useI18n();
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={`${ids}-code`}>{label}</label>
      <p className="help" id={`${ids}-code-help`}>
        {t('sign.codeHelp')}
      </p>
      {error && (
        <p className="error-text" id={`${ids}-code-err`} data-testid="code-error">
          {error}
        </p>
      )}
      <input
        id={`${ids}-code`}
        ref={inputRef}
        className="input input-code mono"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        data-testid="sms-code"
        value={value}
        aria-invalid={!!error}
        aria-describedby={`${ids}-code-help${error ? ` ${ids}-code-err` : ''}`}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
      />
    </div>
  );
}

/** Seconds left until `until` (ms since epoch), ticking once a second; 0 when passed. */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

/** Whether NCALayer is running, with the install hint and "Check again" when it is not. */
export function NcaLayerStatus({ nca }: { nca: NcaLayerState & { recheck: () => void } }) {
  const { t } = useI18n();
  if (nca.status === 'checking')
    return (
      <p className="loading" role="status" data-testid="nca-status" data-state="checking">
        <span className="spinner" aria-hidden="true" /> {t('nca.checking')}
      </p>
    );
  if (nca.status === 'available')
    return (
      <p className="nca-ok" role="status" data-testid="nca-status" data-state="available">
        <span className="dot dot-ok" aria-hidden="true" /> {nca.version ? t('nca.availableVersion', { version: nca.version }) : t('nca.available')}
      </p>
    );
  return (
    <div className="alert alert-warn" data-testid="nca-status" data-state="unavailable">
      <p>
        <strong>{t('nca.unavailable')}</strong> {t('nca.install')}
      </p>
      <p className="nca-actions">
        <a href="https://ncl.pki.gov.kz/" target="_blank" rel="noopener noreferrer">
          {t('nca.download')}
        </a>
        <button type="button" className="btn btn-secondary btn-small" onClick={nca.recheck} data-testid="nca-recheck">
          {t('nca.recheck')}
        </button>
      </p>
    </div>
  );
}

/** The NCALayer tab's label, with a green dot while NCALayer answers. */
export function NcaTabLabel({ nca, label }: { nca: NcaLayerState; label: string }) {
  return (
    <>
      {label}
      {nca.status === 'available' && <span className="dot dot-ok" aria-hidden="true" />}
    </>
  );
}

/** "Waiting for NCALayer…" while it works, the button that starts it, and Cancel. */
export function NcaAction({ nca, busy, label, onStart, onCancel, block }: { nca: NcaLayerState; busy: boolean; label: ReactNode; onStart: () => void; onCancel: () => void; block?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {busy && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {t('nca.waiting')}
        </p>
      )}
      {nca.status === 'available' && (
        <div className={block ? 'form-actions compact' : 'form-actions'}>
          <button type="button" className={block ? 'btn btn-primary btn-block' : 'btn btn-primary'} data-testid="nca-submit" disabled={busy} aria-busy={busy} onClick={onStart}>
            {label}
          </button>
          {busy && (
            <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>
              {t('nca.cancel')}
            </button>
          )}
        </div>
      )}
    </>
  );
}

/** Demo mode: the SMS the simulated operator delivered to this phone (the real code reaches a real phone). */
export function DemoSms({ phone }: { phone: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Array<{ body: string; at: string }> | null>(null);
  const [loading, setLoading] = useState(false);
  const load = async () => {
    setLoading(true);
    try {
      const r = await api<{ items: Array<{ body: string; at: string }> }>(`/api/v1/demo/sms?phone=${encodeURIComponent(phone)}`);
      setItems(r.items.slice(0, 3));
    } catch {
      setItems([]);
    } finally {
      setLoading(false);
    }
  };
  return (
    <div className="demo-sms">
      <button type="button" className="btn btn-link btn-small" onClick={() => void load()} disabled={loading} data-testid="demo-sms">
        {t('sign.demoSms')}
      </button>
      {items && (
        <div className="demo-sms-box" role="status" data-testid="demo-sms-box">
          <p className="small muted">{t('sign.demoSmsTitle', { phone })}</p>
          {items.length === 0 ? (
            <p className="small">{t('sign.demoSmsNone')}</p>
          ) : (
            <ul className="plain-list small">
              {items.map((m) => (
                <li key={m.at + m.body}>
                  <span className="muted">{formatDateTime(m.at)}</span> {m.body}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

interface SmsCodeFormProps {
  ids: string;
  /** What the code confirms, one line above the button. */
  lead: string;
  submitLabel: string;
  otp: { phone: string; expiresAt: string } | null;
  requesting: boolean;
  onRequest: () => void;
  code: string;
  onCode: (v: string) => void;
  codeError: string | null;
  codeRef?: RefObject<HTMLInputElement | null>;
  sending: boolean;
  /** Seconds until "send again" is allowed. */
  wait: number;
  demoPhone?: string | undefined;
  onSubmit: (e: FormEvent) => void;
}

/** Sign with an SMS code: ask for the code, enter it, send; "send again" after the cool-down; the demo SMS under it. */
export function SmsCodeForm(p: SmsCodeFormProps) {
  const { t } = useI18n();
  return (
    <form onSubmit={p.onSubmit} noValidate data-testid="sign-sms-form">
      <p className="small muted">{p.lead}</p>
      {!p.otp ? (
        <button type="button" className="btn btn-secondary" onClick={p.onRequest} disabled={p.requesting} aria-busy={p.requesting} data-testid="sms-request">
          {t('sign.smsSend')}
        </button>
      ) : (
        <>
          <p role="status" data-testid="sms-sent">
            {t('sign.smsSent', { phone: nbsp(p.otp.phone), time: formatTime(p.otp.expiresAt) })}
          </p>
          <CodeField ids={p.ids} label={t('sign.code')} value={p.code} onChange={p.onCode} error={p.codeError} inputRef={p.codeRef} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" data-testid="sms-submit" disabled={p.sending} aria-busy={p.sending}>
              {p.sending ? t('sign.sending') : p.submitLabel}
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={p.onRequest} disabled={p.wait > 0 || p.requesting} data-testid="sms-resend">
              {p.wait > 0 ? t('sign.smsResendIn', { n: p.wait }) : t('sign.smsResend')}
            </button>
          </div>
        </>
      )}
      {p.demoPhone && p.otp && <DemoSms phone={p.demoPhone} />}
    </form>
  );
}
