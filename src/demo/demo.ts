/**
 * Demo mode (default for `npm start`): one account for every role, with valid
 * IINs, listed on the login page and at GET /api/v1/demo/accounts. Loaded once,
 * on first start; never in production (DEMO=false).
 */
import { createUser } from '../accounts/accounts.ts';
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/db.ts';
import { makeIin } from '../ids/iin.ts';

export interface DemoAccount {
  role: Role;
  iin: string;
  password: string;
  surname: string;
  givenName: string;
  patronymic: string;
  orgId: string | null;
}

const PASSWORD = 'Qyzmet-2026';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'citizen', iin: '880515300120', surname: 'Ахметов', givenName: 'Нұрлан', patronymic: 'Серікұлы', orgId: null, password: PASSWORD },
  { role: 'citizen', iin: makeIin('1992-03-21', 'female', 214), surname: 'Жұмабаева', givenName: 'Әйгерім', patronymic: 'Маратқызы', orgId: null, password: PASSWORD },
  { role: 'centre-operator', iin: makeIin('1995-07-02', 'female', 331), surname: 'Сейітқали', givenName: 'Дана', patronymic: 'Ерланқызы', orgId: 'psc-astana-01', password: PASSWORD },
  { role: 'branch-head', iin: makeIin('1979-11-14', 'male', 118), surname: 'Оспанов', givenName: 'Қайрат', patronymic: 'Болатұлы', orgId: 'psc-astana-01', password: PASSWORD },
  { role: 'provider-clerk', iin: makeIin('1990-01-30', 'female', 507), surname: 'Ли', givenName: 'Светлана', patronymic: 'Викторовна', orgId: 'pavlodar-archives', password: PASSWORD },
  { role: 'provider-head', iin: makeIin('1971-05-09', 'male', 642), surname: 'Бекмұхамедов', givenName: 'Ерлан', patronymic: 'Сағатұлы', orgId: 'pavlodar-archives', password: PASSWORD },
  { role: 'responsible-executor', iin: makeIin('1986-09-17', 'female', 873), surname: 'Тоқтарова', givenName: 'Гүлнар', patronymic: 'Асқарқызы', orgId: 'pavlodar-archives', password: PASSWORD },
  { role: 'quality-auditor', iin: makeIin('1983-12-05', 'male', 925), surname: 'Ким', givenName: 'Андрей', patronymic: 'Сергеевич', orgId: 'quality-agency', password: PASSWORD },
  { role: 'admin', iin: makeIin('1980-04-25', 'male', 49), surname: 'Нұрпейісов', givenName: 'Асхат', patronymic: 'Жанұлы', orgId: 'qyzmet-ops', password: PASSWORD },
];

export async function seedDemo(db: Db): Promise<number> {
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    const exists = await db.query('SELECT 1 FROM users WHERE iin = $1', [a.iin]);
    if (exists.rows.length) continue;
    const roles: Role[] = a.role === 'citizen' ? ['citizen'] : [a.role, 'citizen'];
    await createUser(db, { iin: a.iin, surname: a.surname, givenName: a.givenName, patronymic: a.patronymic, password: a.password, roles, orgId: a.orgId });
    created++;
  }
  return created;
}
