import type { ReactNode } from 'react';
import type { ApplicationStatus, Channel } from '../../../src/registry/types.ts';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error, onRetry, children }: { error: ApiError; onRetry?: () => void; children?: ReactNode }) {
  const { t, pick } = useI18n();
  return (
    <div className="alert alert-error" role="alert">
      <p>{pick(error.i18n)}</p>
      {children}
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function ChannelBadges({ channels }: { channels: readonly Channel[] }) {
  const { t } = useI18n();
  return (
    <ul className="badges">
      {channels.map((c) => (
        <li key={c} className={`badge badge-${c}`} title={t(`channel.${c}.long`)}>
          {t(`channel.${c}`)}
        </li>
      ))}
    </ul>
  );
}

const STATUS_TONE: Partial<Record<ApplicationStatus, string>> = {
  'result-ready': 'ok',
  issued: 'ok',
  refused: 'bad',
  annulled: 'bad',
  withdrawn: 'muted',
  unclaimed: 'warn',
  returned: 'warn',
  extended: 'warn',
  'awaiting-payment': 'warn',
  'awaiting-second-applicant': 'warn',
};

export function StatusBadge({ status, children }: { status: ApplicationStatus; children: ReactNode }) {
  return <span className={`status status-${STATUS_TONE[status] ?? 'info'}`}>{children}</span>;
}

/** A definition list row that renders nothing when the value is empty. */
export function Fact({ label, children, testId, className }: { label: string; children: ReactNode; testId?: string; className?: string }) {
  if (children === null || children === undefined || children === '' || children === false) return null;
  return (
    <div className={className ? `fact ${className}` : 'fact'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
