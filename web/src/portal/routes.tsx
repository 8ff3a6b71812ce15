/** The citizen's portal: its routes (paths stay as they were). */
import type { JSX } from 'react';
import { AdminEditorialPage } from './AdminEditorialPage.tsx';
import { ApplicationPage } from './ApplicationPage.tsx';
import { ApplyPage } from './ApplyPage.tsx';
import { CabinetPage } from './CabinetPage.tsx';
import { CataloguePage } from './CataloguePage.tsx';
import { CoSignPage } from './CoSignPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { RecoveryPage } from './RecoveryPage.tsx';
import { ServicePage } from './ServicePage.tsx';

export const PORTAL_ROUTES: Array<[string, (p: Record<string, string>) => JSX.Element]> = [
  ['/', () => <CataloguePage />],
  ['/services/:code/apply', (p) => <ApplyPage key={p.code} code={p.code as string} />],
  ['/services/:code', (p) => <ServicePage key={p.code} code={p.code as string} />],
  ['/login', () => <LoginPage />],
  ['/login/recovery', () => <RecoveryPage />],
  ['/cabinet', () => <CabinetPage />],
  ['/cabinet/co-sign/:id', (p) => <CoSignPage key={p.id} id={p.id as string} />],
  ['/cabinet/:id', (p) => <ApplicationPage key={p.id} id={p.id as string} />],
  ['/admin/editorial', () => <AdminEditorialPage />],
];
