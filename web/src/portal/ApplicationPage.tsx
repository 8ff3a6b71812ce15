/**
 * `/cabinet/:id` — one of my applications (GET /api/v1/applications/:id): number,
 * status, due date with its basis, my answers (labelled from the service
 * definition of the version I applied under) and the full status history; once there is a
 * `result`, the issued document or the reasoned refusal comes first (printable).
 */
import { useEffect, useRef } from 'react';
import { ROLE_NAMES, type Role } from '../../../src/accounts/roles.ts';
import { STATUS_NAMES } from '../../../src/applications/status.ts';
import { REGIONS, type Region } from '../../../src/regions.ts';
import type { FormField } from '../../../src/registry/types.ts';
import type { ApplicationDetail, ServiceDetail, SignedWith, Submitted } from '../api.ts';
import { inSentence } from '../components/cosign.ts';
import { RequireUser } from '../components/RequireUser.tsx';
import { ResultSection } from '../components/ResultDocument.tsx';
import { FileList } from '../components/FileField.tsx';
import { DocumentList } from '../components/DocumentList.tsx';
import { ErrorBox, Fact, Loading, StatusBadge } from '../components/ui.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { formatDate, formatDateTime, type I18nApi, useI18n } from '../i18n.tsx';
import { type MessageKey, messages } from '../messages.ts';
import { historyState, Link } from '../router.tsx';
import { isOverdue } from './CabinetPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

export function ApplicationPage({ id }: { id: string }) {
  return (
    <RequireUser>
      <Application id={id} />
    </RequireUser>
  );
}

function actorName(i: I18nApi, role: string | null): string {
  if (!role) return '—';
  if (role in ROLE_NAMES) return i.pick(ROLE_NAMES[role as Role]);
  const key = `actor.${role}`;
  return key in messages.en ? i.t(key as MessageKey) : role;
}

export function answer(i: I18nApi, f: FormField | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? i.t('common.yes') : i.t('common.no');
  if (f?.type === 'enum') {
    const o = f.options?.find((x) => x.value === v);
    if (o) return i.pick(o.label);
  }
  if (f?.type === 'date' && typeof v === 'string') return formatDate(v);
  if (f?.type === 'file' && Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' && 'name' in x ? String(x.name) : '?')).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function Application({ id }: { id: string }) {
  const i = useI18n();
  const { t, pick } = i;
  const app = useApi<ApplicationDetail>(`/api/v1/applications/${encodeURIComponent(id)}`);
  const a = app.data;
  const svc = useApi<ServiceDetail>(a ? `/api/v1/services/${encodeURIComponent(a.serviceCode)}?version=${a.serviceVersion}` : null);
  const state = historyState<{ justSubmitted?: Submitted; signedWith?: SignedWith }>();
  const just = state?.justSubmitted;
  const signedWith = state?.signedWith;
  const justSubmitted = just && a && just.id === a.id ? just : null;
  useDocumentTitle(a ? t('app.title', { n: a.number }) : undefined);

  // A fresh portal application moves to "delivered" within seconds: look again a few times. One
  // waiting for the second applicant's signature is looked at every 10 s for a while (they sign elsewhere).
  const polls = useRef(0);
  const waits = useRef(0);
  const { reload } = app;
  useEffect(() => {
    if (a?.status !== 'awaiting-second-applicant' || waits.current >= 60) return;
    const timer = setTimeout(() => {
      waits.current++;
      reload();
    }, 10_000);
    return () => clearTimeout(timer);
  }, [a, reload]);
  useEffect(() => {
    if (a?.status !== 'submitted' || polls.current >= 5) return;
    const timer = setTimeout(() => {
      polls.current++;
      reload();
    }, 2500);
    return () => clearTimeout(timer);
  }, [a, reload]);

  if (app.error?.status === 404) return <NotFoundPage error={app.error} />;
  if (app.error && !a) return <ErrorBox error={app.error} onRetry={app.reload} />;
  if (!a) return <Loading />;

  const fields = svc.data?.form.fields ?? [];
  const known = new Set(fields.map((f) => f.name));
  const answers: Array<[string, string, string]> = [
    ...fields.filter((f) => f.name in a.form).map((f): [string, string, string] => [f.name, pick(f.label), answer(i, f, a.form[f.name])]),
    ...Object.keys(a.form)
      .filter((k) => !known.has(k) && svc.data)
      .map((k): [string, string, string] => [k, k, answer(i, undefined, a.form[k])]),
  ];
  const overdue = isOverdue(a);
  const awaiting = a.status === 'awaiting-second-applicant';
  const pending = (a.coSigners ?? []).filter((c) => c.status === 'pending');
  const signedBy = (a.coSigners ?? []).filter((c) => c.status === 'signed');
  const annulled = a.status === 'annulled' ? a.history.filter((h) => h.to === 'annulled').at(-1) : undefined;

  return (
    <article className="application">
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link to="/cabinet">{t('app.toCabinet')}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{a.number}</span>
      </nav>

      {justSubmitted && a.result?.kind !== 'refusal' && (
        <div className="alert alert-success" role="status" data-testid="submitted-banner">
          <h2>{t('app.submitted')}</h2>
          <p>
            {awaiting
              ? t('app.submittedAwaiting', { n: justSubmitted.number })
              : a.result?.kind === 'document'
              ? t('app.submittedReady', { n: justSubmitted.number })
              : a.result?.kind === 'refusal'
                ? t('app.submittedRefused', { n: justSubmitted.number })
                : justSubmitted.dueDate
                  ? t('app.submittedText', { n: justSubmitted.number, date: formatDate(justSubmitted.dueDate) })
                  : t('app.submittedNoDate', { n: justSubmitted.number })}
          </p>
          {signedWith && (
            <p data-testid="signed-with" data-method={signedWith.method}>
              {signedWith.method === 'sms'
                ? t('sign.signedSms')
                : signedWith.name && signedWith.iin
                  ? t('sign.signedEds', { name: signedWith.name, iin: signedWith.iin })
                  : t('sign.signedEdsShort')}
            </p>
          )}
        </div>
      )}

      <div className="page-head">
        <div>
          <p className="eyebrow">{pick(a.serviceName)}</p>
          <h1>
            {t('app.number')}: <span className="mono" data-testid="app-number">{a.number}</span>
          </h1>
        </div>
        <StatusBadge status={a.status}>
          <span data-testid="app-status">{pick(a.statusName)}</span>
        </StatusBadge>
      </div>

      {a.result && (
        <ResultSection
          result={a.result}
          fields={fields}
          serviceCode={a.serviceCode}
          lead={
            // A refusal right after sending: one outcome (the refusal), with the receipt in it, not a green "sent" banner above it.
            justSubmitted && a.result.kind === 'refusal' ? (
              <div className="refusal-receipt muted small" role="status" data-testid="refused-at-once">
                <p>{t('app.refusedAtOnce', { n: justSubmitted.number })}</p>
                {signedWith && (
                  <p data-testid="signed-with" data-method={signedWith.method}>
                    {signedWith.method === 'sms'
                      ? t('sign.signedSms')
                      : signedWith.name && signedWith.iin
                        ? t('sign.signedEds', { name: signedWith.name, iin: signedWith.iin })
                        : t('sign.signedEdsShort')}
                  </p>
                )}
              </div>
            ) : undefined
          }
        />
      )}

      {a.currentStep && (
        <section className="card now-card" aria-labelledby="now-title" data-testid="current-step" data-kind={a.currentStep.kind} data-step={a.currentStep.id}>
          <h2 id="now-title">{t('app.now')}</h2>
          <p className="now-words" data-testid="current-step-words">
            {pick(a.currentStep.words)}
          </p>
          {a.currentStep.dueAt && (
            <p className="small" data-testid="current-step-due">
              {t('app.stepDue', { time: formatDateTime(a.currentStep.dueAt) })}
            </p>
          )}
        </section>
      )}

      {a.decision && (
        <section className={a.decision.kind === 'refuse' ? 'alert alert-error' : 'alert alert-success'} aria-labelledby="decision-title" data-testid="app-decision" data-kind={a.decision.kind}>
          <h2 id="decision-title">{t(a.decision.kind === 'refuse' ? 'app.decisionRefused' : 'app.decisionApproved', { time: formatDateTime(a.decision.signedAt) })}</h2>
          {a.decision.grounds.length > 0 && (
            <>
              <p>
                <strong>{t('app.decisionGrounds')}</strong>
              </p>
              <ul data-testid="app-decision-grounds">
                {a.decision.grounds.map((g) => (
                  <li key={g.id}>{g.text ? pick(g.text) : g.id}</li>
                ))}
              </ul>
            </>
          )}
          {a.decision.reasons && (
            <p data-testid="app-decision-reasons">
              <strong>{t('app.decisionReasons')}:</strong> {a.decision.reasons}
            </p>
          )}
        </section>
      )}

      {(a.documents?.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="documents-title" data-testid="app-documents">
          <h2 id="documents-title">{t('docs.title')}</h2>
          <DocumentList documents={a.documents ?? []} testId="app-document-list" />
          <p className="small muted">{t('docs.signedNote')}</p>
        </section>
      )}

      {awaiting && pending.length > 0 && (
        <section className="alert alert-warn" aria-labelledby="cosign-wait-title" data-testid="cosign-waiting">
          <h2 id="cosign-wait-title">{t('app.cosignWaitingTitle')}</h2>
          {pending.map((c) => (
            <p key={c.iin} data-testid="cosign-waiting-line">
              <strong>{t('app.cosignWaiting', { who: inSentence(pick(c.label)), iin: c.iin, time: formatDateTime(c.expiresAt) })}</strong>
            </p>
          ))}
          <p className="small">{t('app.cosignWaitingNext')}</p>
        </section>
      )}

      {annulled && (
        <section className="alert alert-error" aria-labelledby="annulled-title" data-testid="annulled">
          <h2 id="annulled-title">{t('app.annulledTitle')}</h2>
          {annulled.reason && <p data-testid="annulled-reason">{pick(annulled.reason)}</p>}
        </section>
      )}

      {signedBy.length > 0 && (
        <p className="small muted" data-testid="cosigned">
          {signedBy.map((c) => t('app.cosignSigned', { who: pick(c.label), iin: c.iin, time: formatDateTime(c.signedAt) })).join(' ')}
        </p>
      )}

      {!a.result && !annulled && !a.decision && (
        <section className={overdue ? 'card due-card overdue' : 'card due-card'} aria-labelledby="due-title">
          <div>
            <h2 id="due-title">{t('app.due')}</h2>
            <p className="due-big" data-testid="due-date">
              {formatDate(a.dueDate)}
            </p>
            {awaiting && <p className="small">{t('app.dueAfterCosign')}</p>}
            {overdue && <p className="tag tag-bad">{t('cab.overdue')}</p>}
          </div>
          {a.deadlineBasis && (
            <p className="small due-basis" data-testid="due-basis">
              <strong>{t('app.basis')}:</strong> {pick(a.deadlineBasis)}
            </p>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title" className="visually-hidden">
          {t('app.number')}
        </h2>
        <dl className="facts">
          <Fact label={t('cab.service')} className="fact-wide">
            <Link to={`/services/${encodeURIComponent(a.serviceCode)}${svc.data && !svc.data.effectiveTo ? '' : `?version=${a.serviceVersion}`}`}>
              {pick(a.serviceName)}
            </Link>
          </Fact>
          <Fact label={t('app.channel')}>{t(`channel.${a.channel}.long`)}</Fact>
          <Fact label={t('app.filedAt')}>{formatDateTime(a.filedAt)}</Fact>
          <Fact label={t('app.acceptance')}>{a.acceptanceDate ? formatDate(a.acceptanceDate) : null}</Fact>
          <Fact label={t('app.region')}>{a.region ? (a.region in REGIONS ? pick(REGIONS[a.region as Region]) : a.region) : null}</Fact>
        </dl>
      </section>

      <section className="card" aria-labelledby="answers-title">
        <h2 id="answers-title">{t('app.answers')}</h2>
        {svc.error && <ErrorBox error={svc.error} onRetry={svc.reload} />}
        {!svc.data && !svc.error ? (
          <Loading />
        ) : (
          <dl className="answers">
            {answers.map(([k, label, value]) => (
              <div key={k} className="answer">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      {(a.files?.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="files-title" data-testid="app-files">
          <h2 id="files-title">{t('app.files')}</h2>
          <FileList files={a.files ?? []} hrefOf={(fileId) => `/api/v1/applications/${encodeURIComponent(a.id)}/files/${encodeURIComponent(fileId)}`} testId="app-file-list" />
        </section>
      )}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('app.history')}</h2>
        <div className="table-wrap">
          <table className="table history-table" data-testid="history">
            <thead>
              <tr>
                <th scope="col">{t('app.when')}</th>
                <th scope="col">{t('app.change')}</th>
                <th scope="col">{t('app.by')}</th>
                <th scope="col">{t('app.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {a.history.map((h) => (
                <tr key={`${h.at}-${h.from}-${h.to}`}>
                  <td data-label={t('app.when')}>{formatDateTime(h.at)}</td>
                  <td data-label={t('app.change')}>
                    {h.words && h.from === h.to ? (
                      <strong data-testid="history-step">{pick(h.words)}</strong>
                    ) : (
                      <>
                        {h.from ? (
                          <>
                            <span className="muted">{pick(STATUS_NAMES[h.from])}</span> <span aria-hidden="true">→</span>
                            <span className="visually-hidden">—</span>{' '}
                          </>
                        ) : (
                          <span className="muted">{t('app.created')} → </span>
                        )}
                        <strong>{pick(h.toName)}</strong>
                      </>
                    )}
                  </td>
                  <td data-label={t('app.by')}>{actorName(i, h.actorRole)}</td>
                  <td data-label={t('app.reason')}>{h.reason && typeof h.reason === 'object' && 'ru' in h.reason ? pick(h.reason) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}
