/**
 * Who may see and act on an organisation's work. Pure: the lead's task pipeline and the staff
 * routes ask the same question. A member of staff belongs to exactly one organisation
 * (`users.org_id`) and holds roles there (`users.roles`); a task or an application is theirs to
 * see only when it is their organisation's and the step's role is one of theirs. A parent
 * organisation's staff do not see their subordinates' work (each is a provider of its own).
 */
import type { User } from '../accounts/accounts.ts';
import type { Role } from '../accounts/roles.ts';
import { AppError } from '../errors/errors.ts';

export function staffMay(user: Pick<User, 'orgId' | 'roles'>, need: { orgId: string | null; role?: Role | readonly Role[] }): boolean {
  if (!user.orgId || !need.orgId || user.orgId !== need.orgId) return false;
  if (need.role === undefined) return true;
  const roles: readonly Role[] = typeof need.role === 'string' ? [need.role] : need.role;
  return roles.some((r) => user.roles.includes(r));
}

/**
 * staffMay or 403 FORBIDDEN. Callers that must not reveal that the subject exists (another
 * organisation's application) answer 404 instead, as uploads' staffApplication() does.
 */
export function assertStaffMay(user: Pick<User, 'orgId' | 'roles'>, need: { orgId: string | null; role?: Role | readonly Role[] }, path?: string): void {
  if (!staffMay(user, need)) throw new AppError('FORBIDDEN', path ? { path } : {});
}
