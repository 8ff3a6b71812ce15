/**
 * Demo mode (default for `npm start`): one account for every role, with valid
 * IINs, listed on the login page and at GET /api/v1/demo/accounts. Loaded once,
 * on first start; never in production (DEMO=false).
 */
import { createUser } from '../accounts/accounts.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/db.ts';
import type { Pki } from '../pki/service.ts';
import { makeIin } from '../ids/iin.ts';

export interface DemoAccount {
  role: Role;
  iin: string;
  password: string;
  surname: string;
  givenName: string;
  patronymic: string;
  orgId: string | null;
  /** Registered in the mobile citizens database: SMS codes go here (readable at /api/v1/demo/sms in demo mode). */
  phone: string;
  /** Password sign-in needs an SMS code too. */
  mfaSms?: boolean;
}

const PASSWORD = 'Qyzmet-2026';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'citizen', iin: '880515300120', surname: 'Ахметов', givenName: 'Нұрлан', patronymic: 'Серікұлы', orgId: null, password: PASSWORD, phone: '+77010000001' },
  { role: 'citizen', iin: makeIin('1992-03-21', 'female', 214), surname: 'Жұмабаева', givenName: 'Әйгерім', patronymic: 'Маратқызы', orgId: null, password: PASSWORD, phone: '+77010000002', mfaSms: true },
  { role: 'centre-operator', iin: makeIin('1995-07-02', 'female', 331), surname: 'Сейітқали', givenName: 'Дана', patronymic: 'Ерланқызы', orgId: 'psc-astana-01', password: PASSWORD, phone: '+77010000003' },
  { role: 'branch-head', iin: makeIin('1979-11-14', 'male', 118), surname: 'Оспанов', givenName: 'Қайрат', patronymic: 'Болатұлы', orgId: 'psc-astana-01', password: PASSWORD, phone: '+77010000004' },
  { role: 'provider-clerk', iin: makeIin('1990-01-30', 'female', 507), surname: 'Ли', givenName: 'Светлана', patronymic: 'Викторовна', orgId: 'pavlodar-archives', password: PASSWORD, phone: '+77010000005' },
  { role: 'provider-head', iin: makeIin('1971-05-09', 'male', 642), surname: 'Бекмұхамедов', givenName: 'Ерлан', patronymic: 'Сағатұлы', orgId: 'pavlodar-archives', password: PASSWORD, phone: '+77010000006' },
  { role: 'responsible-executor', iin: makeIin('1986-09-17', 'female', 873), surname: 'Тоқтарова', givenName: 'Гүлнар', patronymic: 'Асқарқызы', orgId: 'pavlodar-archives', password: PASSWORD, phone: '+77010000007' },
  { role: 'quality-auditor', iin: makeIin('1983-12-05', 'male', 925), surname: 'Ким', givenName: 'Андрей', patronymic: 'Сергеевич', orgId: 'quality-agency', password: PASSWORD, phone: '+77010000008' },
  { role: 'admin', iin: makeIin('1980-04-25', 'male', 49), surname: 'Нұрпейісов', givenName: 'Асхат', patronymic: 'Жанұлы', orgId: 'qyzmet-ops', password: PASSWORD, phone: '+77010000009' },
];

/**
 * Every demo person gets an AUTH and a SIGN keystore (PKCS#12, ECDSA P-256) issued by the
 * built-in CA, protected by the account's password, downloadable from the login page.
 * Issued by the system at seeding (issued_by NULL, audited as such), not by an admin: no
 * SMS confirmation (src/pki/issuance.ts is the admin's way).
 */
export async function seedDemoKeystores(db: Db, pki: Pki): Promise<number> {
  if (!pki.ca) return 0;
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    for (const usage of ['auth', 'sign'] as const) {
      const have = await db.query('SELECT 1 FROM demo_keystores WHERE iin = $1 AND usage = $2', [a.iin, usage]);
      if (have.rows.length) continue;
      const reason = 'demo keystore at seeding';
      await pki.ca.issue(
        { iin: a.iin, name: { surname: a.surname, givenName: a.givenName, patronymic: a.patronymic }, usage, algorithm: 'ecdsa', password: a.password },
        {
          issuedBy: null,
          reason,
          within: async (q, issued) => {
            await q.query('INSERT INTO demo_keystores (iin, usage, serial, pkcs12) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING', [a.iin, usage, issued.serial, Buffer.from(issued.pkcs12, 'base64')]);
            await writeAudit(q, { event: 'pki.certificate.issued', actorId: null, actorRole: 'system', subject: { type: 'certificate', id: issued.serial }, reason, data: { iin: a.iin, usage, algorithm: 'ecdsa', confirmedBy: 'none' } });
          },
        },
      );
      created++;
    }
  }
  return created;
}

export async function demoKeystore(db: Db, iin: string, usage: 'auth' | 'sign'): Promise<Buffer | null> {
  const r = await db.query<{ pkcs12: Buffer }>('SELECT pkcs12 FROM demo_keystores WHERE iin = $1 AND usage = $2', [iin, usage]);
  return r.rows[0] ? Buffer.from(r.rows[0].pkcs12) : null;
}

export async function seedDemo(db: Db): Promise<number> {
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    const exists = await db.query('SELECT 1 FROM users WHERE iin = $1', [a.iin]);
    if (exists.rows.length) continue;
    const roles: Role[] = a.role === 'citizen' ? ['citizen'] : [a.role, 'citizen'];
    await createUser(db, { iin: a.iin, surname: a.surname, givenName: a.givenName, patronymic: a.patronymic, password: a.password, roles, orgId: a.orgId, phone: a.phone, mfaSms: a.mfaSms ?? false });
    created++;
  }
  return created;
}
