/**
 * What the employee can do on this task now: one button per action the step allows them
 * (the API's `actions`). A plain step action (register, send on, issue…) is taken at once; one
 * that needs words opens its form below — the executor to assign, the decision's fields, the
 * refusal's grounds from the standard and its reasons, the extension, the data request, the
 * return's reasons, or the head's signature over the decision's bytes (SIGN key file or
 * NCALayer). Every body carries the version read; a 409 (someone acted first) reloads the task.
 *
 * Keyboard: the first action button has the focus when the page opens; a form's first field
 * takes it when the form opens; Escape closes the form and gives the focus back to its button.
 */
import { type FormEvent, type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { FormField, I18n } from '../../../src/registry/types.ts';
import { type ApiError, api, type ApiResponse } from '../api.ts';
import { KeystoreFields, NcaAction, NcaLayerStatus, NcaTabLabel, SignErrorBox, toSignError, useKeystoreInput } from '../components/EdsParts.tsx';
import { FieldInput, type RawValue, typedValue } from '../components/FieldInput.tsx';
import { TabPanel, Tabs } from '../components/Tabs.tsx';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { fromBase64 } from '../eds/bytes.ts';
import { ncaLayerSign } from '../eds/ncalayer.ts';
import { useNcaLayer } from '../eds/useNcaLayer.ts';
import { navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { type OfficeKey, officeMessages } from './messages.ts';
import type { TaskDetail } from './TaskPage.tsx';
import { actionKey, useOffice } from './useOffice.ts';

type ActResult = ApiResponse<'/api/v1/tasks/{id}/{action}', 'post'>;
type SigningPayload = ApiResponse<'/api/v1/tasks/{id}/signing-payload', 'get'>;

/** Someone else acted first (or the step moved on meanwhile): the task is reloaded and the page says so. */
const STALE_CODES = new Set(['STALE_VERSION', 'CONFLICT', 'ACTION_NOT_ALLOWED', 'TRANSITION_FORBIDDEN']);

/** Actions taken with one press: nothing to fill in. */
const PLAIN = new Set(['register', 'forward', 'dispatch', 'issue', 'data-received']);

/** The flash the inbox shows after an action (history state). */
export interface ActionDone {
  action: string;
  number: string | null;
}

/** A field's error from the API's `errors[]` / `path` (e.g. `/grounds`, `/data/text`). */
function fieldError(err: ApiError | null, path: string, pick: (t: I18n) => string): string | null {
  if (!err) return null;
  const e = err.errors.find((x) => x.path === path || x.path.startsWith(`${path}/`));
  if (e) return pick(e.message);
  return err.path === path || err.path?.startsWith(`${path}/`) ? pick(err.i18n) : null;
}

export function ActionPanel({ task, onStale }: { task: TaskDetail; onStale: () => void }) {
  const { ot } = useOffice();
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [err, setErr] = useState<ApiError | null>(null);
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  const first = task.actions[0];
  const help = first && PLAIN.has(first) && `help.${first}` in officeMessages.en ? (`help.${first}` as OfficeKey) : null;

  // The first action has the focus when the task opens (Enter takes it or opens its form).
  useEffect(() => {
    if (first) buttons.current[first]?.focus();
  }, [first, task.id]);

  const label = (a: string) => {
    const k = actionKey(a);
    return k ? ot(k) : a;
  };

  /** POST the action with the version read; back to the inbox when done, reload on 409. */
  const act = async (action: string, body: Record<string, unknown>) => {
    setBusy(action);
    setErr(null);
    try {
      await api<ActResult>(`/api/v1/tasks/${encodeURIComponent(task.id)}/${encodeURIComponent(action)}`, { method: 'POST', body: { version: task.version, ...body } });
      const done: ActionDone = { action, number: task.application.number };
      navigate('/office', { state: { done } });
    } catch (e) {
      const a = toSignError(e);
      if (STALE_CODES.has(a.code)) {
        setOpen(null);
        onStale();
      } else setErr(a);
      throw a;
    } finally {
      setBusy(null);
    }
  };

  const close = (a: string) => {
    setOpen(null);
    setErr(null);
    buttons.current[a]?.focus();
  };

  return (
    <section className="card actions-card" aria-labelledby="actions-title" data-testid="task-actions">
      <h2 id="actions-title">{ot('task.actions')}</h2>
      {err && !open && <ErrorBox error={err} />}
      <div className="action-buttons">
        {task.actions.map((a) => (
          <button
            key={a}
            type="button"
            ref={(el) => {
              buttons.current[a] = el;
            }}
            className={a === 'refuse' || a === 'return' ? 'btn btn-secondary' : open === a || (!open && a === first) ? 'btn btn-primary' : 'btn btn-secondary'}
            aria-expanded={PLAIN.has(a) ? undefined : open === a}
            disabled={busy !== null}
            aria-busy={busy === a}
            data-testid={`action-${a}`}
            onClick={() => {
              if (PLAIN.has(a)) void act(a, {}).catch(() => {});
              else {
                setErr(null);
                setOpen(open === a ? null : a);
              }
            }}
          >
            {label(a)}
          </button>
        ))}
      </div>
      {help && !open && <p className="small muted">{ot(help)}</p>}
      {open && (
        <div
          className="action-form"
          data-testid={`form-${open}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close(open);
            }
          }}
        >
          <h3>{label(open)}</h3>
          {err && !err.errors.length && !err.path && (open !== 'sign' || err.status !== 0) && <ErrorBox error={err} />}
          <ActionForm action={open} task={task} err={err} busy={busy === open} onSubmit={(body) => act(open, body)} onCancel={() => close(open)} />
        </div>
      )}
    </section>
  );
}

interface FormProps {
  action: string;
  task: TaskDetail;
  err: ApiError | null;
  busy: boolean;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}

function ActionForm(p: FormProps) {
  switch (p.action) {
    case 'assign':
      return <AssignForm {...p} />;
    case 'approve':
      return <ApproveForm {...p} />;
    case 'refuse':
      return <RefuseForm {...p} />;
    case 'extend':
      return <ExtendForm {...p} />;
    case 'request-data':
      return <RequestDataForm {...p} />;
    case 'return':
      return <ReturnForm {...p} />;
    case 'sign':
      return <SignForm {...p} />;
    default:
      return <PlainForm {...p} />;
  }
}

/** The form's frame: submit and cancel buttons; the first control gets the focus on open. */
function Frame({ busy, onSubmit, onCancel, children, submit }: { busy: boolean; onSubmit: () => void; onCancel: () => void; children: ReactNode; submit: string }) {
  const { ot } = useOffice();
  const ref = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button[type=submit]')?.focus();
  }, []);
  return (
    <form
      ref={ref}
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy} data-testid="action-submit">
          {submit}
        </button>{' '}
        <button type="button" className="btn btn-ghost" onClick={onCancel} data-testid="action-cancel">
          {ot('task.cancel')}
        </button>
      </div>
    </form>
  );
}

function TextArea({ id, label, help, value, onChange, error, testId }: { id: string; label: string; help?: string; value: string; onChange: (v: string) => void; error: string | null; testId: string }) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p className="error-text" id={`${id}-err`} data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
      <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} aria-describedby={[help && `${id}-help`, error && `${id}-err`].filter(Boolean).join(' ') || undefined} data-testid={testId} />
    </div>
  );
}

const swallow = (p: Promise<void>) => void p.catch(() => {});

function PlainForm({ action, busy, onSubmit, onCancel }: FormProps) {
  const { ot } = useOffice();
  const k = actionKey(action);
  return (
    <Frame busy={busy} onSubmit={() => swallow(onSubmit({}))} onCancel={onCancel} submit={k ? ot(k) : action}>
      {null}
    </Frame>
  );
}

function AssignForm({ task, err, busy, onSubmit, onCancel }: FormProps) {
  const { ot, pick } = useOffice();
  const ids = useId();
  const [who, setWho] = useState('');
  const [missing, setMissing] = useState(false);
  const people = task.executors;
  const error = missing ? ot('field.required') : fieldError(err, '/executorId', pick);
  return (
    <Frame
      busy={busy}
      submit={ot('action.assign')}
      onCancel={onCancel}
      onSubmit={() => {
        if (!who) return setMissing(true);
        swallow(onSubmit({ executorId: who }));
      }}
    >
      <div className={error ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-ex`}>{ot('assign.executor')}</label>
        {error && (
          <p className="error-text" id={`${ids}-ex-err`}>
            {error}
          </p>
        )}
        <select
          id={`${ids}-ex`}
          value={who}
          onChange={(e) => {
            setWho(e.target.value);
            setMissing(false);
          }}
          aria-invalid={!!error}
          data-testid="assign-executor"
        >
          <option value="">{ot('assign.choose')}</option>
          {people.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
    </Frame>
  );
}

function ApproveForm({ task, err, busy, onSubmit, onCancel }: FormProps) {
  const { ot, pick } = useOffice();
  const fields = task.decisionFields as FormField[];
  const [raw, setRaw] = useState<Record<string, RawValue>>({});
  const [missing, setMissing] = useState<Set<string>>(new Set());
  return (
    <Frame
      busy={busy}
      submit={ot('action.approve')}
      onCancel={onCancel}
      onSubmit={() => {
        const data: Record<string, unknown> = {};
        const empty = new Set<string>();
        for (const f of fields) {
          const v = typedValue(f, raw[f.name]);
          if (v !== undefined && !(f.type === 'boolean' && v === false && !f.required)) data[f.name] = v;
          else if (f.required && f.type !== 'boolean') empty.add(f.name);
        }
        setMissing(empty);
        if (empty.size) {
          document.getElementById(`f-${[...empty][0]}`)?.focus();
          return;
        }
        swallow(onSubmit({ data }));
      }}
    >
      <p className="small muted">{ot('approve.lead')}</p>
      {fields.map((f) => (
        <FieldInput
          key={f.name}
          field={f}
          channel="provider"
          value={raw[f.name]}
          error={missing.has(f.name) ? ot('field.required') : fieldError(err, `/data/${f.name}`, pick)}
          onChange={(v) => {
            setRaw((r) => ({ ...r, [f.name]: v }));
            setMissing((m) => {
              const n = new Set(m);
              n.delete(f.name);
              return n;
            });
          }}
          onBlur={() => {}}
        />
      ))}
    </Frame>
  );
}

function RefuseForm({ task, err, busy, onSubmit, onCancel }: FormProps) {
  const { ot, pick } = useOffice();
  const ids = useId();
  const grounds = task.refusalGrounds as Array<{ id: string; text: I18n }>;
  const [chosen, setChosen] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const gErr = tried && !chosen.length ? ot('refuse.groundsHelp') : fieldError(err, '/grounds', pick);
  const tErr = tried && !text.trim() ? ot('field.required') : fieldError(err, '/text', pick);
  return (
    <Frame
      busy={busy}
      submit={ot('action.refuse')}
      onCancel={onCancel}
      onSubmit={() => {
        setTried(true);
        if (!chosen.length) return document.getElementById(`${ids}-g-0`)?.focus();
        if (!text.trim()) return document.getElementById(`${ids}-text`)?.focus();
        swallow(onSubmit({ grounds: chosen, text: text.trim() }));
      }}
    >
      <fieldset className={gErr ? 'field field-error' : 'field'} aria-describedby={`${ids}-g-help`} data-testid="refuse-grounds">
        <legend>{ot('refuse.grounds')}</legend>
        <p className="help" id={`${ids}-g-help`}>
          {ot('refuse.groundsHelp')}
        </p>
        {gErr && (
          <p className="error-text" data-testid="refuse-grounds-error">
            {gErr}
          </p>
        )}
        {grounds.map((g, i) => (
          <div key={g.id} className="check">
            <input
              type="checkbox"
              id={`${ids}-g-${i}`}
              checked={chosen.includes(g.id)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, g.id] : c.filter((x) => x !== g.id)))}
              data-testid={`ground-${g.id}`}
            />
            <label htmlFor={`${ids}-g-${i}`}>{pick(g.text)}</label>
          </div>
        ))}
      </fieldset>
      <TextArea id={`${ids}-text`} label={ot('refuse.text')} help={ot('refuse.textHelp')} value={text} onChange={setText} error={tErr} testId="refuse-text" />
    </Frame>
  );
}

function ExtendForm({ task, err, busy, onSubmit, onCancel }: FormProps) {
  const { ot, pick, duration } = useOffice();
  const ids = useId();
  const options = task.extensions.filter((x) => x.applies);
  const [which, setWhich] = useState(options.find((x) => !x.used)?.id ?? '');
  const ext = options.find((x) => x.id === which);
  const [amount, setAmount] = useState(String(ext?.maxAmount ?? ''));
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const aErr = fieldError(err, '/amount', pick);
  const rErr = tried && !reason.trim() ? ot('field.required') : fieldError(err, '/reason', pick);
  return (
    <Frame
      busy={busy}
      submit={ot('action.extend')}
      onCancel={onCancel}
      onSubmit={() => {
        setTried(true);
        if (!reason.trim()) return document.getElementById(`${ids}-reason`)?.focus();
        const n = Number(amount);
        swallow(onSubmit({ ...(which ? { extensionId: which } : {}), ...(amount ? { amount: Number.isInteger(n) ? n : amount } : {}), reason: reason.trim() }));
      }}
    >
      <div className="field">
        <label htmlFor={`${ids}-which`}>{ot('extend.which')}</label>
        <select
          id={`${ids}-which`}
          value={which}
          onChange={(e) => {
            setWhich(e.target.value);
            const x = options.find((o) => o.id === e.target.value);
            if (x) setAmount(String(x.maxAmount));
          }}
          data-testid="extend-which"
        >
          {!options.some((o) => !o.used) && <option value="">{ot('extend.none')}</option>}
          {options.map((o) => (
            <option key={o.id} value={o.id} disabled={o.used}>
              {o.reason ? pick(o.reason) : o.id} ({o.used ? ot('extend.used') : ot('extend.max', { d: duration(o.maxAmount, o.unit) })})
            </option>
          ))}
        </select>
      </div>
      <div className={aErr ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-amount`}>{ot('extend.amount')}</label>
        {ext && (
          <p className="help" id={`${ids}-amount-help`}>
            {ot('extend.max', { d: duration(ext.maxAmount, ext.unit) })}
          </p>
        )}
        {aErr && (
          <p className="error-text" data-testid="extend-amount-error">
            {aErr}
          </p>
        )}
        <input id={`${ids}-amount`} type="number" min={1} max={ext?.maxAmount} inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!!aErr} aria-describedby={`${ids}-amount-help`} data-testid="extend-amount" />
      </div>
      <TextArea id={`${ids}-reason`} label={ot('extend.reason')} value={reason} onChange={setReason} error={rErr} testId="extend-reason" />
    </Frame>
  );
}

function RequestDataForm({ task, err, busy, onSubmit, onCancel }: FormProps) {
  const { ot, pick } = useOffice();
  const ids = useId();
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const pauses = (task.step as { requestDataPausesTimer?: boolean }).requestDataPausesTimer === true;
  const toErr = tried && !to.trim() ? ot('field.required') : fieldError(err, '/to', pick);
  const textErr = tried && !text.trim() ? ot('field.required') : fieldError(err, '/text', pick);
  return (
    <Frame
      busy={busy}
      submit={ot('action.request-data')}
      onCancel={onCancel}
      onSubmit={() => {
        setTried(true);
        if (!to.trim()) return document.getElementById(`${ids}-to`)?.focus();
        if (!text.trim()) return document.getElementById(`${ids}-text`)?.focus();
        swallow(onSubmit({ to: to.trim(), text: text.trim() }));
      }}
    >
      <p className="small muted">{ot(pauses ? 'request.pauses' : 'request.runs')}</p>
      <div className={toErr ? 'field field-error' : 'field'}>
        <label htmlFor={`${ids}-to`}>{ot('request.to')}</label>
        {toErr && <p className="error-text">{toErr}</p>}
        <input id={`${ids}-to`} type="text" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={!!toErr} data-testid="request-to" />
      </div>
      <TextArea id={`${ids}-text`} label={ot('request.text')} value={text} onChange={setText} error={textErr} testId="request-text" />
    </Frame>
  );
}

function ReturnForm({ err, busy, onSubmit, onCancel }: FormProps) {
  const { ot, pick } = useOffice();
  const ids = useId();
  const [reasons, setReasons] = useState('');
  const [tried, setTried] = useState(false);
  const error = tried && reasons.trim().length < 3 ? ot('field.required') : fieldError(err, '/reasons', pick);
  return (
    <Frame
      busy={busy}
      submit={ot('action.return')}
      onCancel={onCancel}
      onSubmit={() => {
        setTried(true);
        if (reasons.trim().length < 3) return document.getElementById(`${ids}-r`)?.focus();
        swallow(onSubmit({ reasons: reasons.trim() }));
      }}
    >
      <TextArea id={`${ids}-r`} label={ot('return.reasons')} help={ot('return.help')} value={reasons} onChange={setReasons} error={error} testId="return-reasons" />
    </Frame>
  );
}

type SignMethod = 'file' | 'nca';

/** The head signs the bytes of the decision's PDF document (GET …/signing-payload) with the SIGN key: a key file in the browser or NCALayer. */
function SignForm({ task, err, busy, onSubmit, onCancel }: FormProps) {
  const { ot, pick, lang } = useOffice();
  const { user } = useSession();
  const ids = useId();
  const [method, setMethod] = useState<SignMethod>('file');
  const [payload, setPayload] = useState<SigningPayload | null>(null);
  const [loadErr, setLoadErr] = useState<ApiError | null>(null);
  const [localErr, setLocalErr] = useState<ApiError | null>(null);
  const [working, setWorking] = useState(false);
  const ks = useKeystoreInput('sign');
  const nca = useNcaLayer();
  const ncaAbort = useRef<AbortController | null>(null);
  useEffect(() => () => ncaAbort.current?.abort(), []);

  useEffect(() => {
    const ac = new AbortController();
    api<SigningPayload>(`/api/v1/tasks/${encodeURIComponent(task.id)}/signing-payload`, { signal: ac.signal })
      .then(setPayload)
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setLoadErr(toSignError(e));
      });
    return () => ac.abort();
  }, [task.id]);

  const run = async (work: () => Promise<string>) => {
    setLocalErr(null);
    setWorking(true);
    try {
      const cms = await work();
      await onSubmit({ signature: { method: 'eds', cms } });
    } catch (e) {
      const a = toSignError(e);
      if (a.code === 'PKI_BAD_PASSWORD') ks.badPassword(pick(a.i18n));
      else setLocalErr(a);
    } finally {
      setWorking(false);
    }
  };

  if (loadErr) return <ErrorBox error={loadErr} />;
  if (!payload || !user) return <Loading label={ot('sign.loading')} />;
  const bytes = fromBase64(payload.payload);
  const shown = localErr ?? (err && err.status !== 409 ? err : null);

  return (
    <div data-testid="sign-form">
      <p className="small muted">{ot('sign.lead')}</p>
      <p className="small">
        {ot('sign.bytes')}: <span className="mono" data-testid="sign-sha256">{payload.sha256}</span>
      </p>
      <Tabs
        base={ids}
        label={ot('action.sign')}
        value={method}
        onChange={(m) => {
          setMethod(m);
          setLocalErr(null);
        }}
        tabs={[
          { id: 'file', label: ot('sign.file'), testId: 'sign-tab-file' },
          { id: 'nca', label: <NcaTabLabel nca={nca} label={ot('sign.nca')} />, testId: 'sign-tab-nca' },
        ]}
      />
      <TabPanel base={ids} id={method}>
        {shown && <SignErrorBox error={shown} iin={user.iin} purpose="sign" />}
        {method === 'file' ? (
          <form
            noValidate
            data-testid="sign-file-form"
            onSubmit={(e) => {
              e.preventDefault();
              const input = ks.take();
              if (!input || !bytes) return;
              void run(async () => {
                const eds = await import('../eds/index.ts');
                const key = await eds.unlockKeystore(input.file.bytes, input.password, 'sign', user.iin);
                return key.sign(bytes);
              });
            }}
          >
            <KeystoreFields ids={ids} {...ks.fields} />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy || working} aria-busy={busy || working} data-testid="sign-submit">
                {ot('sign.submit')}
              </button>{' '}
              <button type="button" className="btn btn-ghost" onClick={onCancel} data-testid="action-cancel">
                {ot('task.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <div data-testid="sign-nca">
            <NcaLayerStatus nca={nca} />
            <NcaAction
              nca={nca}
              busy={busy || working}
              label={ot('sign.ncaSubmit')}
              onStart={() =>
                void run(async () => {
                  const ac = new AbortController();
                  ncaAbort.current = ac;
                  try {
                    return await ncaLayerSign(payload.payload, { purpose: 'sign', iin: user.iin, locale: lang, signal: ac.signal });
                  } finally {
                    ncaAbort.current = null;
                  }
                })
              }
              onCancel={() => ncaAbort.current?.abort()}
            />
          </div>
        )}
      </TabPanel>
    </div>
  );
}
