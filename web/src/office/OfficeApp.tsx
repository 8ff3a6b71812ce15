/**
 * The staff workplace (`/office`), loaded lazily: the inbox (`/office`) and one task
 * (`/office/tasks/:id`). Its routes and dictionary live here; the worklist is the shared
 * DataTable. Only staff of providers, centres and akimats get past the door (the API checks
 * again: a task is seen only by its organisation's staff with the step's role).
 */
import './office.css';
import { RequireUser } from '../components/RequireUser.tsx';
import { match, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { InboxPage } from './InboxPage.tsx';
import { TaskPage } from './TaskPage.tsx';
import { useOffice } from './useOffice.ts';

export const STAFF_ROLES = ['provider-clerk', 'provider-head', 'responsible-executor', 'centre-operator', 'akimat-officer', 'branch-head'];

function Workplace() {
  const { path } = useLocation();
  const { user } = useSession();
  const { ot } = useOffice();
  if (!user?.roles.some((r) => STAFF_ROLES.includes(r))) {
    return (
      <section data-testid="office">
        <h1>{ot('office.title')}</h1>
        <p className="alert alert-info" data-testid="office-not-staff">
          {ot('office.notStaff')}
        </p>
      </section>
    );
  }
  const task = match('/office/tasks/:id', path);
  if (task) return <TaskPage key={task.id} id={task.id as string} />;
  return <InboxPage />;
}

export default function OfficeApp() {
  return (
    <RequireUser>
      <Workplace />
    </RequireUser>
  );
}
