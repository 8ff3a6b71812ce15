/**
 * `/office/tasks/:id` — one task (GET /api/v1/tasks/:id): what to do now first (the actions the
 * step allows this employee, ActionPanel), then what it is about — the application's answers,
 * its files and signature, the data the standard says the provider fetches from state systems
 * (read on request, through the consent policy), the prepared decision, the regulation with the
 * current step marked, and the history. After an action the employee is back in the inbox with
 * a line saying what was done; when someone else acted first (409) the page reloads the task and
 * says so.
 */
import { useState } from 'react';
import { ROLE_NAMES, type Role } from '../../../src/accounts/roles.ts';
import { STATUS_NAMES } from '../../../src/applications/status.ts';
import type { ApplicationStatus, FormField, I18n } from '../../../src/registry/types.ts';
import { type ApiError, type ApiResponse, api, type ServiceDetail, toApiError } from '../api.ts';
import { FileList } from '../components/FileField.tsx';
import { ErrorBox, Fact, Loading, StatusBadge } from '../components/ui.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { formatDate, formatDateTime } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ActionPanel } from './ActionPanel.tsx';
import { TaskMarks } from './InboxPage.tsx';
import { actionKey, useOffice } from './useOffice.ts';

export type TaskDetail = ApiResponse<'/api/v1/tasks/{id}', 'get'>;
type StateData = ApiResponse<'/api/v1/tasks/{id}/state-data', 'get'>;
type StaffFiles = ApiResponse<'/api/v1/staff/applications/{id}/files', 'get'>;

function show(pick: (t: I18n | null | undefined) => string, f: FormField | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (f?.type === 'enum') {
    const o = f.options?.find((x) => x.value === v);
    if (o) return pick(o.label);
  }
  if (f?.type === 'date' && typeof v === 'string') return formatDate(v);
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : String(x))).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function TaskPage({ id }: { id: string }) {
  const office = useOffice();
  const { ot, pick, duration } = office;
  const { user } = useSession();
  const task = useApi<TaskDetail>(`/api/v1/tasks/${encodeURIComponent(id)}`);
  const t = task.data;
  const [stale, setStale] = useState(false);
  const svc = useApi<ServiceDetail>(t ? `/api/v1/services/${encodeURIComponent(t.application.serviceCode)}?version=${t.application.serviceVersion}` : null);
  const files = useApi<StaffFiles>(t ? `/api/v1/staff/applications/${encodeURIComponent(t.application.id)}/files` : null);
  useDocumentTitle(t ? `${t.application.number ?? ''} · ${ot('office.inbox')}` : ot('office.inbox'));

  if (task.error && !t) {
    return (
      <section data-testid="task-page">
        <p>
          <Link to="/office">← {ot('task.back')}</Link>
        </p>
        <ErrorBox error={task.error} onRetry={task.reload} />
      </section>
    );
  }
  if (!t) return <Loading />;

  const a = t.application;
  const fields = svc.data?.form.fields ?? [];
  const known = new Set(fields.map((f) => f.name));
  const answers: Array<[string, string, string]> = [
    ...fields.filter((f) => f.name in a.form).map((f): [string, string, string] => [f.name, pick(f.label), show(pick, f, a.form[f.name])]),
    ...Object.keys(a.form)
      .filter((k) => !known.has(k) && svc.data)
      .map((k): [string, string, string] => [k, k, show(pick, undefined, a.form[k])]),
  ];
  const limitText = (l: unknown) => {
    const x = l as { amount?: number; unit?: string } | null;
    return x?.amount && x.unit ? duration(x.amount, x.unit) : null;
  };
  const decision = t.decision as {
    kind: string;
    data: Record<string, unknown> | null;
    preparedAt: string;
    signedAt: string | null;
    document?: { number: string; kind: string; signed: boolean; status: string } | null;
  } | null;
  const grounds = t.refusalGrounds as Array<{ id: string; text: I18n }>;
  const decisionFields = t.decisionFields as FormField[];

  return (
    <article className="task" data-testid="task-page" data-step={t.step.id} data-state={t.state}>
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link to="/office" data-testid="task-back">
          {ot('office.inbox')}
        </Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{a.number}</span>
      </nav>

      <div className="page-head">
        <div>
          <p className="eyebrow">{pick(a.serviceName)}</p>
          <h1>
            <span className="mono" data-testid="task-number">
              {a.number}
            </span>
            {' · '}
            <span data-testid="task-step-name">{t.step.action ? pick(t.step.action) : t.step.id}</span>
          </h1>
        </div>
        <StatusBadge status={a.status as ApplicationStatus}>
          <span data-testid="task-app-status">{pick(a.statusName)}</span>
        </StatusBadge>
      </div>

      <section className="card" aria-label={ot('task.step')}>
        <dl className="facts">
          <Fact label={ot('task.due')} testId="task-due">
            {t.dueAt ? (
              <>
                {formatDateTime(t.dueAt)} <TaskMarks row={{ overdue: t.overdue, warning: !!t.warnAt && t.warnAt <= new Date().toISOString(), escalated: t.escalated, assigneeId: t.assigneeId }} me={user?.id} />
              </>
            ) : (
              ot('office.noDue')
            )}
          </Fact>
          <Fact label={ot('task.appDue')} testId="task-app-due">
            {a.dueDate ? formatDate(a.dueDate) : null}
          </Fact>
          <Fact label={ot('task.applicant')}>
            <span className="mono">{a.applicantIin}</span>
          </Fact>
          <Fact label={ot('task.filedAt')}>{formatDateTime(a.filedAt)}</Fact>
        </dl>
      </section>

      {stale && (
        <div className="alert alert-warn" role="alert" data-testid="task-stale">
          <p>{ot('task.stale')}</p>
        </div>
      )}

      {t.state === 'closed' ? (
        <p className="alert alert-info" data-testid="task-closed">
          {ot('task.closed')}
        </p>
      ) : t.actions.length === 0 ? (
        <p className="alert alert-info" data-testid="task-view-only">
          {ot('task.viewOnly')}
        </p>
      ) : (
        <ActionPanel
          key={t.version}
          task={t}
          onStale={() => {
            setStale(true);
            task.reload();
          }}
        />
      )}

      {decision && (
        <section className="card decision" aria-labelledby="decision-title" data-testid="task-decision" data-kind={decision.kind}>
          <h2 id="decision-title">
            {ot('task.decision')}: {ot(decision.kind === 'refuse' ? 'task.decision.refuse' : 'task.decision.approve')}
          </h2>
          {decision.signedAt && <p className="tag tag-ok">{ot('task.decisionSigned', { time: formatDateTime(decision.signedAt) })}</p>}
          {decision.document && (
            <p data-testid="task-document" data-number={decision.document.number} data-signed={String(decision.document.signed)} data-status={decision.document.status}>
              <strong>{ot(decision.document.signed ? 'task.document.signed' : 'task.document.prepared')}</strong>:{' '}
              <span className="mono">{decision.document.number}</span>
              {decision.document.status === 'revoked' && <span className="tag tag-bad"> {ot('task.document.revoked')}</span>}{' '}
              <a href={`/api/v1/documents/${encodeURIComponent(decision.document.number)}.pdf`} download={`${decision.document.number}.pdf`} data-testid="task-document-download">
                {ot('task.document.download')}
              </a>
              {decision.document.signed && (
                <>
                  {' · '}
                  <Link to={`/verify/${encodeURIComponent(decision.document.number)}`} data-testid="task-document-verify">
                    {ot('task.document.verify')}
                  </Link>
                </>
              )}
              {!decision.document.signed && <span className="small muted"> — {ot('task.document.note')}</span>}
            </p>
          )}
          <dl className="answers">
            {decision.kind === 'refuse' ? (
              <>
                <div className="answer">
                  <dt>{ot('task.grounds')}</dt>
                  <dd>
                    <ul>
                      {((decision.data?.grounds as string[] | undefined) ?? []).map((g) => (
                        <li key={g}>{pick(grounds.find((x) => x.id === g)?.text) || g}</li>
                      ))}
                    </ul>
                  </dd>
                </div>
                <div className="answer">
                  <dt>{ot('refuse.text')}</dt>
                  <dd>{String(decision.data?.text ?? '—')}</dd>
                </div>
              </>
            ) : (
              Object.entries(decision.data ?? {}).map(([k, v]) => {
                const f = decisionFields.find((x) => x.name === k);
                return (
                  <div key={k} className="answer">
                    <dt>{f ? pick(f.label) : k}</dt>
                    <dd>{show(pick, f, v)}</dd>
                  </div>
                );
              })
            )}
          </dl>
        </section>
      )}

      <section className="card" aria-labelledby="answers-title">
        <h2 id="answers-title">{ot('task.answers')}</h2>
        {svc.error && <ErrorBox error={svc.error} onRetry={svc.reload} />}
        {!svc.data && !svc.error ? (
          <Loading />
        ) : (
          <dl className="answers" data-testid="task-answers">
            {answers.map(([k, label, value]) => (
              <div key={k} className="answer">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <div className="task-columns">
        <section className="card" aria-labelledby="files-title" data-testid="task-files">
          <h2 id="files-title">{ot('task.files')}</h2>
          {files.error && <ErrorBox error={files.error} onRetry={files.reload} />}
          {files.data && files.data.items.length === 0 && <p className="muted">{ot('task.noFiles')}</p>}
          {files.data && files.data.items.length > 0 && (
            <FileList files={files.data.items} hrefOf={(fileId) => `/api/v1/staff/applications/${encodeURIComponent(a.id)}/files/${encodeURIComponent(fileId)}`} testId="task-file-list" />
          )}
        </section>

        <section className="card" aria-labelledby="sig-title" data-testid="task-signature">
          <h2 id="sig-title">{ot('task.signature')}</h2>
          {t.signature ? (
            <>
              <p>{ot('task.signatureText', { iin: t.signature.signerIin, time: formatDateTime(t.signature.signedAt) })}</p>
              {t.signature.method === 'sms' ? (
                <p className="small muted">{ot('task.signatureSms')}</p>
              ) : (
                t.signature.signerSerial && (
                  <p className="small">
                    {ot('task.signatureCert')}: <span className="mono">{t.signature.signerSerial}</span>
                  </p>
                )
              )}
            </>
          ) : (
            <p className="muted">{ot('task.noSignature')}</p>
          )}
        </section>
      </div>

      <StateDataSection taskId={t.id} />

      <section className="card" aria-labelledby="process-title" data-testid="task-process">
        <h2 id="process-title">{ot('task.process')}</h2>
        <ol className="process-steps">
          {t.process
            .filter((p) => p.kind !== 'intake')
            .map((p) => {
              const lim = limitText(p.limit);
              return (
                <li key={p.id} className={p.current ? 'current' : undefined} aria-current={p.current ? 'step' : undefined} data-testid={p.current ? 'process-current' : undefined}>
                  <span>{p.action ? pick(p.action) : p.id}</span>
                  {typeof p.actor === 'string' && p.actor in ROLE_NAMES && <span className="muted small"> · {pick(ROLE_NAMES[p.actor as Role])}</span>}
                  {lim && <span className="muted small"> · {ot('task.limit', { d: lim })}</span>}
                  {p.current && <span className="visually-hidden"> ({ot('task.current')})</span>}
                </li>
              );
            })}
        </ol>
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{ot('task.history')}</h2>
        <div className="table-wrap">
          <table className="table history-table" data-testid="task-history">
            <thead>
              <tr>
                <th scope="col">{ot('task.when')}</th>
                <th scope="col">{ot('task.change')}</th>
                <th scope="col">{ot('task.by')}</th>
                <th scope="col">{ot('task.note')}</th>
              </tr>
            </thead>
            <tbody>
              {t.history.map((h, i) => (
                <tr key={`${h.at}-${i}`}>
                  <td>{formatDateTime(h.at)}</td>
                  <td>
                    {h.from && h.from !== h.to && (
                      <>
                        <span className="muted">{pick(STATUS_NAMES[h.from as ApplicationStatus])}</span> →{' '}
                      </>
                    )}
                    <strong>{pick(h.toName)}</strong>
                    {h.stepId && <span className="muted small"> · {pick(t.process.find((p) => p.id === h.stepId)?.action) || h.stepId}</span>}
                  </td>
                  <td>
                    {h.actorName ?? '—'}
                    {h.actorRole && h.actorRole in ROLE_NAMES && <span className="muted small"> ({pick(ROLE_NAMES[h.actorRole as Role])})</span>}
                  </td>
                  <td>{reasonText(office, h.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}

/** A history row's reason in words: an event of the back office, an action's name, or the kk/ru/en text it carries. */
function reasonText(o: ReturnType<typeof useOffice>, r: unknown): string {
  if (!r || typeof r !== 'object') return '—';
  const x = r as Record<string, unknown>;
  if (typeof x.kk === 'string' && typeof x.ru === 'string') return o.pick(x as unknown as I18n);
  const ev = typeof x.event === 'string' ? x.event : null;
  if (ev === 'step-opened') return o.ot('event.step-opened');
  if (ev === 'escalated') return o.ot('event.escalated');
  if (ev === 'timeout') return o.ot('event.timeout');
  if (ev === 'request-data') return o.ot('event.request-data', { to: String(x.to ?? ''), text: String(x.text ?? '') });
  if (ev === 'data-received') return o.ot('action.data-received');
  if (ev === 'extend') return o.ot('event.extend', { date: typeof x.dueDate === 'string' ? formatDate(x.dueDate) : '' });
  const k = ev ? actionKey(ev) : null;
  if (k) return o.ot(k);
  if (x.message && typeof x.message === 'object') return o.pick(x.message as I18n);
  if (typeof x.text === 'string') return x.text;
  return '—';
}

function StateDataSection({ taskId }: { taskId: string }) {
  const { ot, pick } = useOffice();
  const [data, setData] = useState<StateData | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ApiError | null>(null);
  const fetchNow = async () => {
    setBusy(true);
    setErr(null);
    try {
      setData(await api<StateData>(`/api/v1/tasks/${encodeURIComponent(taskId)}/state-data`));
    } catch (e) {
      setErr(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="sd-title" data-testid="task-state-data">
      <h2 id="sd-title">{ot('task.stateData')}</h2>
      <p className="small muted">{ot('task.stateDataLead')}</p>
      {!data && (
        <button type="button" className="btn btn-secondary btn-small" onClick={() => void fetchNow()} disabled={busy} aria-busy={busy} data-testid="state-data-fetch">
          {busy ? ot('task.fetching') : ot('task.fetch')}
        </button>
      )}
      {err && <ErrorBox error={err} onRetry={() => void fetchNow()} />}
      {data &&
        data.items.map((it, i) => (
          <div key={`${it.system}-${i}`} className="state-data-item" data-testid="state-data-item" data-system={it.system} data-status={it.status}>
            <h3>
              {pick(it.label)}{' '}
              <span className={`tag ${it.status === 'ok' ? 'tag-ok' : it.status === 'denied' || it.status === 'unavailable' ? 'tag-bad' : 'tag-info'}`}>{ot(`task.sd.${it.status}`)}</span>
            </h3>
            {it.message && <p className="small">{pick(it.message)}</p>}
            {it.fields.length > 0 && (
              <dl className="answers">
                {it.fields.map((f, k) => (
                  <div key={k} className="answer">
                    <dt>{pick(f.name)}</dt>
                    <dd>{pick(f.value)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        ))}
    </section>
  );
}
