/**
 * `/login` — IIN + password (POST /api/v1/auth/login sets the HttpOnly session
 * cookie). Errors are shown inline, in the current language, from the API's
 * message. In demo mode the accounts from GET /api/v1/demo/accounts are listed;
 * "Use" fills the form. Afterwards the user goes back to `?next=`.
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { ROLE_NAMES, type Role } from '../../../src/accounts/roles.ts';
import { checksumOk } from '../../../src/ids/iin.ts';
import { type ApiError, type DemoAccount, toApiError } from '../api.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import type { MessageKey } from '../messages.ts';
import { navigate, safeNext, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';

function iinProblem(v: string): MessageKey | null {
  if (!v) return 'login.iinRequired';
  if (!/^\d{12}$/.test(v)) return 'login.iinFormat';
  if (!checksumOk(v)) return 'login.iinChecksum';
  return null;
}

export function LoginPage() {
  const { t, pick } = useI18n();
  const { user, signIn } = useSession();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [iin, setIin] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [iinErr, setIinErr] = useState<MessageKey | null>(null);
  const [pwErr, setPwErr] = useState<MessageKey | null>(null);
  const [apiErr, setApiErr] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const iinRef = useRef<HTMLInputElement>(null);
  const pwRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const demo = useApi<DemoAccount[]>('/api/v1/demo/accounts');
  useDocumentTitle(t('login.title'));

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
      await signIn(v, password);
      navigate(next, { replace: true });
    } catch (err) {
      const a = toApiError(err);
      setApiErr(a);
      setSending(false);
      if (a.code === 'INVALID_CREDENTIALS') pwRef.current?.select();
    }
  };

  const use = (a: DemoAccount) => {
    setIin(a.iin);
    setPassword(a.password);
    setIinErr(null);
    setPwErr(null);
    setApiErr(null);
    submitRef.current?.focus();
  };

  const iinMsg = iinErr ? t(iinErr) : apiIinMsg;
  const pwMsg = pwErr ? t(pwErr) : apiPwMsg;
  const formMsg = apiErr && !apiField ? pick(apiErr.i18n) : null;

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
        <p className="lead">{t('login.lead')}</p>
        <form onSubmit={submit} noValidate>
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
              <button type="button" className="btn btn-ghost btn-small" aria-pressed={show} onClick={() => setShow((s) => !s)}>
                {show ? t('login.hide') : t('login.show')}
              </button>
            </div>
          </div>
          {formMsg && (
            <div className="alert alert-error" role="alert" data-testid="login-error">
              <p>{formMsg}</p>
            </div>
          )}
          <button ref={submitRef} type="submit" className="btn btn-primary btn-block" data-testid="submit" disabled={sending} aria-busy={sending}>
            {sending ? t('login.sending') : t('login.submit')}
          </button>
        </form>
      </section>

      {demo.data && demo.data.length > 0 && (
        <section className="card demo-card" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('login.demoTitle')}</h2>
          <p className="muted small">{t('login.demoLead')}</p>
          <div className="table-wrap">
            <table className="table demo-table">
              <thead>
                <tr>
                  <th scope="col">{t('login.role')}</th>
                  <th scope="col">{t('login.name')}</th>
                  <th scope="col">{t('login.iin')}</th>
                  <th scope="col">{t('login.password')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('login.use')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {demo.data.map((a) => (
                  <tr key={a.iin} className="clickable" data-testid="demo-account" data-role={a.role} onClick={() => use(a)}>
                    <td data-label={t('login.role')}>{a.role in ROLE_NAMES ? pick(ROLE_NAMES[a.role as Role]) : a.role}</td>
                    <td data-label={t('login.name')}>{a.name}</td>
                    <td data-label={t('login.iin')} className="mono nowrap">
                      {a.iin}
                    </td>
                    <td data-label={t('login.password')} className="mono nowrap">
                      {a.password}
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
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
