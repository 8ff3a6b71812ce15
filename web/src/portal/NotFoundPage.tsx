import type { ApiError } from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

export function NotFoundPage({ error }: { error?: ApiError }) {
  const { t, pick } = useI18n();
  useDocumentTitle(t('common.notFound'));
  return (
    <section className="card narrow">
      <h1>{t('common.notFound')}</h1>
      <p>{error ? pick(error.i18n) : t('common.notFoundText')}</p>
      <p>
        <Link to="/" className="btn btn-primary">
          {t('common.toCatalogue')}
        </Link>
      </p>
    </section>
  );
}
