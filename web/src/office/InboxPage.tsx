/**
 * `/office` — the employee's open tasks, soonest due first (GET /api/v1/tasks): one row per task
 * with its application, step, due time and marks (overdue, due soon, escalated, assigned to me).
 * Filters (service, status, overdue only) live in the URL, so a reload or a link keeps them.
 * Keyboard: the list takes the focus on arrival; ↑/↓/Home/End move, Enter opens the task.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { type ApiResponse, api, toApiError, type ApiError } from '../api.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { ErrorBox, Loading, StatusBadge } from '../components/ui.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { formatDateTime } from '../i18n.tsx';
import { historyState, navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ROLE_NAMES, type Role } from '../../../src/accounts/roles.ts';
import { STATUS_NAMES } from '../../../src/applications/status.ts';
import type { ApplicationStatus } from '../../../src/registry/types.ts';
import type { ActionDone } from './ActionPanel.tsx';
import { actionKey, useOffice } from './useOffice.ts';

type Inbox = ApiResponse<'/api/v1/tasks', 'get'>;
export type TaskRow = Inbox['items'][number];

const STATUSES: ApplicationStatus[] = ['delivered', 'registered', 'in-progress', 'extended', 'returned', 'result-ready'];

/** The marks of a task: overdue beats due soon; escalated and mine are shown beside. */
export function TaskMarks({ row, me }: { row: Pick<TaskRow, 'overdue' | 'warning' | 'escalated' | 'assigneeId'>; me: string | undefined }) {
  const { ot } = useOffice();
  return (
    <span className="task-marks">
      {row.overdue ? (
        <span className="tag tag-bad" data-testid="mark-overdue">
          {ot('office.overdue')}
        </span>
      ) : row.warning ? (
        <span className="tag tag-warn" data-testid="mark-warning">
          {ot('office.warning')}
        </span>
      ) : null}
      {row.escalated && (
        <span className="tag tag-warn" data-testid="mark-escalated">
          {ot('office.escalated')}
        </span>
      )}
      {me && row.assigneeId === me && (
        <span className="tag tag-info" data-testid="mark-mine">
          {ot('office.mine')}
        </span>
      )}
    </span>
  );
}

export function InboxPage() {
  const { ot, pick } = useOffice();
  const { user } = useSession();
  const { query } = useLocation();
  const service = query.get('service') ?? '';
  const status = query.get('status') ?? '';
  const overdue = query.get('overdue') === 'true';
  const [rows, setRows] = useState<TaskRow[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const services = useRef(new Map<string, TaskRow['application']['serviceName']>());
  const tableRef = useRef<HTMLDivElement>(null);
  const focused = useRef(false);
  useDocumentTitle(ot('office.inbox'));
  const done = historyState<{ done?: ActionDone }>()?.done;
  const doneKey = done ? actionKey(done.action) : null;

  const qs = useMemo(() => {
    const p = new URLSearchParams();
    if (service) p.set('service', service);
    if (status) p.set('status', status);
    if (overdue) p.set('overdue', 'true');
    return p.toString();
  }, [service, status, overdue]);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    api<Inbox>(`/api/v1/tasks${qs ? `?${qs}` : ''}`, { signal: ac.signal })
      .then((r) => {
        for (const x of r.items) services.current.set(x.application.serviceCode, x.application.serviceName);
        setRows(r.items);
        setNext(r.nextCursor);
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(toApiError(e));
      });
    return () => ac.abort();
  }, [qs, tick]);

  // The list takes the focus once it first shows (a keyboard user starts working at once).
  useEffect(() => {
    if (!rows || focused.current) return;
    focused.current = true;
    const first = tableRef.current?.querySelector<HTMLElement>('tbody tr[tabindex="0"]');
    if (first && rows.length) first.focus();
  }, [rows]);

  const more = async () => {
    if (!next) return;
    try {
      const r = await api<Inbox>(`/api/v1/tasks?${qs ? `${qs}&` : ''}cursor=${encodeURIComponent(next)}`);
      setRows((x) => [...(x ?? []), ...r.items]);
      setNext(r.nextCursor);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const setFilter = (k: string, v: string) => {
    const p = new URLSearchParams(qs);
    if (v) p.set(k, v);
    else p.delete(k);
    const s = p.toString();
    navigate(`/office${s ? `?${s}` : ''}`, { replace: true });
  };

  const roles = (user?.roles ?? []).filter((r) => r !== 'citizen' && r in ROLE_NAMES).map((r) => pick(ROLE_NAMES[r as Role]));

  return (
    <section data-testid="office">
      <div className="page-head">
        <div>
          <p className="eyebrow" data-testid="office-roles">
            {roles.join(', ')}
          </p>
          <h1>{ot('office.inbox')}</h1>
        </div>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setTick((n) => n + 1)} data-testid="inbox-refresh">
          {ot('office.refresh')}
        </button>
      </div>

      {done && (
        <div className="alert alert-success" role="status" data-testid="action-done" data-action={done.action}>
          <p>
            <span className="mono">{done.number}</span>: {ot('task.done', { action: doneKey ? ot(doneKey) : done.action })} {ot('task.doneNext')}
          </p>
        </div>
      )}

      <form className="filters card" aria-label={ot('office.filters')} onSubmit={(e) => e.preventDefault()} data-testid="inbox-filters">
        <div className="field">
          <label htmlFor="f-service">{ot('office.service')}</label>
          <select id="f-service" value={service} onChange={(e) => setFilter('service', e.target.value)} data-testid="filter-service">
            <option value="">{ot('office.allServices')}</option>
            {[...services.current.entries()].map(([code, name]) => (
              <option key={code} value={code}>
                {name ? pick(name) : code}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{ot('office.status')}</label>
          <select id="f-status" value={status} onChange={(e) => setFilter('status', e.target.value)} data-testid="filter-status">
            <option value="">{ot('office.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {pick(STATUS_NAMES[s])}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input id="f-overdue" type="checkbox" checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : '')} data-testid="filter-overdue" />
          <label htmlFor="f-overdue">{ot('office.overdueOnly')}</label>
        </div>
      </form>

      {error && <ErrorBox error={error} onRetry={() => setTick((n) => n + 1)} />}
      {!rows && !error ? (
        <Loading />
      ) : rows ? (
        <div ref={tableRef} className="table-wrap">
          <p className="small muted" id="inbox-keys">
            {ot('office.keys')} {ot('office.count', { n: rows.length })}
          </p>
          <DataTable
            caption={ot('office.worklist')}
            testId="office-worklist"
            empty={qs ? ot('office.emptyFiltered') : ot('office.empty')}
            rows={rows}
            rowKey={(r) => r.id}
            onOpen={(r) => navigate(`/office/tasks/${encodeURIComponent(r.id)}`)}
            columns={[
              {
                key: 'number',
                header: ot('office.col.number'),
                cell: (r) => (
                  <a
                    href={`/office/tasks/${encodeURIComponent(r.id)}`}
                    className="mono"
                    tabIndex={-1}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/office/tasks/${encodeURIComponent(r.id)}`);
                    }}
                    data-testid="task-link"
                  >
                    {r.application.number}
                  </a>
                ),
              },
              { key: 'service', header: ot('office.col.service'), cell: (r) => (r.application.serviceName ? pick(r.application.serviceName) : r.application.serviceCode) },
              {
                key: 'step',
                header: ot('office.col.step'),
                cell: (r) => {
                  const first = r.actions[0];
                  const k = first ? actionKey(first) : null;
                  return (
                    <span data-testid="task-step" data-step={r.step.id}>
                      {r.step.action ? pick(r.step.action) : k ? ot(k) : r.step.kind}
                    </span>
                  );
                },
              },
              {
                key: 'due',
                header: ot('office.col.due'),
                cell: (r) => (
                  <span className={r.overdue ? 'due overdue' : r.warning ? 'due warning' : 'due'}>
                    {r.dueAt ? formatDateTime(r.dueAt) : ot('office.noDue')} <TaskMarks row={r} me={user?.id} />
                  </span>
                ),
              },
              {
                key: 'status',
                header: ot('office.col.status'),
                cell: (r) => <StatusBadge status={r.application.status as ApplicationStatus}>{pick(r.application.statusName)}</StatusBadge>,
              },
            ]}
          />
          {next && (
            <p>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => void more()} data-testid="inbox-more">
                {ot('office.more')}
              </button>
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
