/**
 * An application's result documents (issue 10, src/documents): kind in words, number, issue date,
 * the PDF (GET /api/v1/documents/{number}.pdf, the session cookie authorises it like the attached
 * files) and the public check at /verify/{number}.
 */
import { formatDate, useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

export interface DocumentRef {
  number: string;
  kind: 'result' | 'refusal' | string;
  issuedAt?: string | null;
  status?: string | null;
}

export const documentPdfHref = (number: string) => `/api/v1/documents/${encodeURIComponent(number)}.pdf`;

export function DocumentList({ documents, testId }: { documents: DocumentRef[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <ul className="file-list" data-testid={testId}>
      {documents.map((d) => (
        <li key={d.number} className="file-item" data-testid="document-entry" data-number={d.number} data-kind={d.kind} data-status={d.status ?? 'valid'}>
          <strong data-testid="document-kind">{t(d.kind === 'refusal' ? 'docs.kind.refusal' : 'docs.kind.result')}</strong>{' '}
          <span className="small">
            {t('docs.number')}: <span className="mono" data-testid="document-number">{d.number}</span>
          </span>
          {d.issuedAt && (
            <>
              {' · '}
              <span className="small" data-testid="document-issued">
                {t('docs.issuedAt')}: {formatDate(d.issuedAt)}
              </span>
            </>
          )}
          {d.status === 'revoked' && <span className="tag tag-bad"> {t('docs.revoked')}</span>}{' '}
          <a href={documentPdfHref(d.number)} download={`${d.number}.pdf`} aria-label={t('docs.downloadAria', { number: d.number })} data-testid="document-download">
            {t('docs.download')}
          </a>
          {' · '}
          <Link to={`/verify/${encodeURIComponent(d.number)}`} data-testid="document-verify">
            {t('docs.verify')}
          </Link>
        </li>
      ))}
    </ul>
  );
}
