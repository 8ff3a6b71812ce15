/**
 * The staff workplace (`/office`), loaded lazily: a shell for the back office. Its routes and
 * dictionary live here; the worklist table is the shared DataTable.
 */
import { useI18n } from '../i18n.tsx';
import { DataTable } from '../shared/DataTable.tsx';
import { officeMessages, type OfficeKey } from './messages.ts';

export default function OfficeApp() {
  const { lang } = useI18n();
  const t = (k: OfficeKey) => officeMessages[lang][k];
  return (
    <section className="container" data-testid="office">
      <h1>{t('office.title')}</h1>
      <p>{t('office.intro')}</p>
      <DataTable caption={t('office.worklist')} empty={t('office.empty')} columns={[]} rows={[]} rowKey={() => ''} testId="office-worklist" />
    </section>
  );
}
