/**
 * Demo mode (default for `npm start`): one account for every role, with valid
 * IINs, listed on the login page and at GET /api/v1/demo/accounts. Loaded once,
 * on first start; never in production (DEMO=false).
 */
import { createUser } from '../accounts/accounts.ts';
import { hashPassword } from '../accounts/password.ts';
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
  /**
   * The keystores issued at seeding (default both). The others are issued on first download
   * (`ensureDemoKeystore`): each costs an ECDSA key and a PKCS#12 at every seeding, and tests seed often.
   */
  keystores?: ReadonlyArray<'auth' | 'sign'>;
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
  // Staff of more organisations (organisations/*.yaml), issue 9: added after the first nine so the
  // synthetic population drawn for those stays as it was (src/registries/seed/demo-families.ts).
  // Heads sign decisions: their SIGN keystore is issued at seeding; the rest on first download.
  { role: 'responsible-executor', iin: makeIin('1991-02-11', 'male', 214), surname: 'Жақсылықов', givenName: 'Бауыржан', patronymic: 'Ермекұлы', orgId: 'pavlodar-archives', password: PASSWORD, phone: '+77010000010', keystores: [] },
  { role: 'provider-clerk', iin: makeIin('1993-06-24', 'female', 402), surname: 'Әбенова', givenName: 'Мадина', patronymic: 'Серікқызы', orgId: 'astana-education', password: PASSWORD, phone: '+77010000011', keystores: [] },
  { role: 'provider-head', iin: makeIin('1975-10-03', 'female', 618), surname: 'Қасымова', givenName: 'Роза', patronymic: 'Төлегенқызы', orgId: 'astana-education', password: PASSWORD, phone: '+77010000012', keystores: ['sign'] },
  { role: 'responsible-executor', iin: makeIin('1988-04-19', 'female', 733), surname: 'Нұрланова', givenName: 'Айгүл', patronymic: 'Қайратқызы', orgId: 'astana-education', password: PASSWORD, phone: '+77010000013', keystores: [] },
  { role: 'responsible-executor', iin: makeIin('1994-12-08', 'male', 281), surname: 'Төлеген', givenName: 'Арман', patronymic: 'Нұрболұлы', orgId: 'astana-education', password: PASSWORD, phone: '+77010000014', keystores: [] },
  { role: 'provider-clerk', iin: makeIin('1992-08-15', 'female', 556), surname: 'Мұқанова', givenName: 'Жанар', patronymic: 'Ғалымқызы', orgId: 'wko-oral-civil-registry', password: PASSWORD, phone: '+77010000015', keystores: [] },
  { role: 'provider-head', iin: makeIin('1973-03-27', 'male', 127), surname: 'Есенғалиев', givenName: 'Нұрлыбек', patronymic: 'Қуанышұлы', orgId: 'wko-oral-civil-registry', password: PASSWORD, phone: '+77010000016', keystores: ['sign'] },
  { role: 'responsible-executor', iin: makeIin('1985-11-30', 'female', 849), surname: 'Ғабдуллина', givenName: 'Сәуле', patronymic: 'Мұратқызы', orgId: 'wko-oral-civil-registry', password: PASSWORD, phone: '+77010000017', keystores: [] },
  { role: 'responsible-executor', iin: makeIin('1990-07-07', 'female', 365), surname: 'Иванова', givenName: 'Ольга', patronymic: 'Петровна', orgId: 'wko-oral-civil-registry', password: PASSWORD, phone: '+77010000018', keystores: [] },
  { role: 'centre-operator', iin: makeIin('1996-01-22', 'female', 472), surname: 'Жұмаділова', givenName: 'Ләззат', patronymic: 'Болатқызы', orgId: 'psc-pavlodar-01', password: PASSWORD, phone: '+77010000019', keystores: [] },
  { role: 'centre-operator', iin: makeIin('1997-09-05', 'male', 193), surname: 'Сағынғалиев', givenName: 'Ерболат', patronymic: 'Асқарұлы', orgId: 'psc-oral-01', password: PASSWORD, phone: '+77010000020', keystores: [] },
  { role: 'akimat-officer', iin: makeIin('1984-05-16', 'female', 688), surname: 'Қуанова', givenName: 'Гүлжан', patronymic: 'Ерғалиқызы', orgId: 'wko-peremetnoe-akimat', password: PASSWORD, phone: '+77010000021', keystores: [] },
  // The Pavlodar branches' queue (issue 11): more operators of the duty branch for its window shifts, its head,
  // an operator at the ordinary branch No. 2 and one on the mobile centre.
  { role: 'centre-operator', iin: makeIin('1998-03-14', 'male', 517), surname: 'Әлиев', givenName: 'Темірлан', patronymic: 'Нұрланұлы', orgId: 'psc-pavlodar-01', password: PASSWORD, phone: '+77010000031', keystores: [] },
  { role: 'centre-operator', iin: makeIin('1994-10-27', 'female', 638), surname: 'Петренко', givenName: 'Анна', patronymic: 'Сергеевна', orgId: 'psc-pavlodar-01', password: PASSWORD, phone: '+77010000032', keystores: [] },
  { role: 'branch-head', iin: makeIin('1977-06-08', 'female', 245), surname: 'Бейсенова', givenName: 'Гүлмира', patronymic: 'Қанатқызы', orgId: 'psc-pavlodar-01', password: PASSWORD, phone: '+77010000033', keystores: [] },
  { role: 'centre-operator', iin: makeIin('1999-12-01', 'female', 382), surname: 'Омарова', givenName: 'Дариға', patronymic: 'Ерланқызы', orgId: 'psc-pavlodar-02', password: PASSWORD, phone: '+77010000034', keystores: [] },
  { role: 'centre-operator', iin: makeIin('1993-04-19', 'male', 764), surname: 'Қасенов', givenName: 'Мирас', patronymic: 'Бекұлы', orgId: 'psc-pavlodar-mobile', password: PASSWORD, phone: '+77010000035', keystores: [] },
];

/** The first demo accounts, whose people the synthetic population draws first (demo-families.ts). */
export const FIRST_DEMO_ACCOUNTS = 9;

/** How many keystores seedDemoKeystores issues (the rest come on first download). */
export const eagerDemoKeystores = () => DEMO_ACCOUNTS.reduce((n, a) => n + (a.keystores ?? ['auth', 'sign']).length, 0);

/**
 * Every demo person has an AUTH and a SIGN keystore (PKCS#12, ECDSA P-256) issued by the
 * built-in CA, protected by the account's password, downloadable from the login page.
 * Issued by the system (issued_by NULL, audited as such), not by an admin: no SMS confirmation
 * (src/pki/issuance.ts is the admin's way) — at seeding those the account's `keystores` names,
 * the others on first download (ensureDemoKeystore).
 */
export async function seedDemoKeystores(db: Db, pki: Pki): Promise<number> {
  if (!pki.ca) return 0;
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    for (const usage of a.keystores ?? (['auth', 'sign'] as const)) {
      const have = await db.query('SELECT 1 FROM demo_keystores WHERE iin = $1 AND usage = $2', [a.iin, usage]);
      if (have.rows.length) continue;
      await issueDemoKeystore(db, pki, a, usage, 'demo keystore at seeding');
      created++;
    }
  }
  return created;
}

/**
 * A demo person's keystore, issued now if it was not at seeding (accounts with `keystores` not
 * naming this usage). Null when the account is not a demo account or there is no CA.
 */
export async function ensureDemoKeystore(db: Db, pki: Pki, iin: string, usage: 'auth' | 'sign'): Promise<Buffer | null> {
  const have = await demoKeystore(db, iin, usage);
  if (have) return have;
  const a = DEMO_ACCOUNTS.find((x) => x.iin === iin);
  if (!a || !pki.ca) return null;
  await issueDemoKeystore(db, pki, a, usage, 'demo keystore on first download');
  // Two first downloads at once: each issues, the first stored wins (ON CONFLICT), both answer it.
  return demoKeystore(db, iin, usage);
}

async function issueDemoKeystore(db: Db, pki: Pki, a: DemoAccount, usage: 'auth' | 'sign', reason: string): Promise<void> {
  await pki.ca!.issue(
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
}

export async function demoKeystore(db: Db, iin: string, usage: 'auth' | 'sign'): Promise<Buffer | null> {
  const r = await db.query<{ pkcs12: Buffer }>('SELECT pkcs12 FROM demo_keystores WHERE iin = $1 AND usage = $2', [iin, usage]);
  return r.rows[0] ? Buffer.from(r.rows[0].pkcs12) : null;
}

export async function seedDemo(db: Db): Promise<number> {
  let created = 0;
  // One scrypt hash for every account with the shared demo password (a hash costs ~0.2 s).
  const hashes = new Map<string, Promise<string>>();
  for (const a of DEMO_ACCOUNTS) {
    const exists = await db.query('SELECT 1 FROM users WHERE iin = $1', [a.iin]);
    if (exists.rows.length) continue;
    const roles: Role[] = a.role === 'citizen' ? ['citizen'] : [a.role, 'citizen'];
    if (!hashes.has(a.password)) hashes.set(a.password, hashPassword(a.password));
    const passwordHash = await hashes.get(a.password)!;
    await createUser(db, { iin: a.iin, surname: a.surname, givenName: a.givenName, patronymic: a.patronymic, password: a.password, passwordHash, roles, orgId: a.orgId, phone: a.phone, mfaSms: a.mfaSms ?? false });
    created++;
  }
  return created;
}
