/**
 * The certificate profile of the national CA (НУЦ РК), see shared/spec/kz-facts.md §2:
 * subject attributes, AUTH/SIGN key usages and the role policy OIDs — how Qyzmet
 * writes them when issuing and how it reads them back from any certificate.
 */
import { x509 } from './engine.ts';

export const OID = {
  CN: '2.5.4.3',
  SURNAME: '2.5.4.4',
  SERIALNUMBER: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  S: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  G: '2.5.4.42',
  E: '1.2.840.113549.1.9.1',
} as const;

/** Role policy OIDs (certificatePolicies) of the national PKI. */
export const POLICY = {
  individual: '1.2.398.3.3.4.1.1',
  legalEntity: '1.2.398.3.3.4.1.2',
  first_head: '1.2.398.3.3.4.1.2.1',
  signer: '1.2.398.3.3.4.1.2.2',
  finance: '1.2.398.3.3.4.1.2.3',
  hr: '1.2.398.3.3.4.1.2.4',
  employee: '1.2.398.3.3.4.1.2.5',
} as const;

export type LegalRole = 'first_head' | 'signer' | 'finance' | 'hr' | 'employee';
export const LEGAL_ROLES: readonly LegalRole[] = ['first_head', 'signer', 'finance', 'hr', 'employee'];

export const EKU = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  any: '2.5.29.37.0',
} as const;

export type KeyUsageProfile = 'auth' | 'sign';

/** keyUsage + EKU of the two key pairs every holder gets. */
export const USAGE_PROFILE: Record<KeyUsageProfile, { keyUsage: number; eku: string[] }> = {
  auth: { keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, eku: [EKU.clientAuth] },
  sign: { keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, eku: [EKU.emailProtection] },
};

export interface PersonName {
  surname: string;
  givenName: string;
  patronymic?: string;
}

/** "SURNAME NAME [PATRONYMIC…]" or a structured name → upper-case parts (as the national CA writes them). */
export function parsePersonName(name: string | PersonName): PersonName | null {
  const up = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
  if (typeof name === 'string') {
    const parts = name.trim().split(/\s+/).filter(Boolean);
    if (parts.length < 2) return null;
    const [surname, givenName, ...rest] = parts as [string, string, ...string[]];
    return { surname: up(surname), givenName: up(givenName), ...(rest.length ? { patronymic: up(rest.join(' ')) } : {}) };
  }
  const p = { surname: up(name.surname), givenName: up(name.givenName), patronymic: up(name.patronymic) };
  if (!p.surname || !p.givenName) return null;
  return p.patronymic ? p : { surname: p.surname, givenName: p.givenName };
}

export interface SubjectInput {
  iin: string;
  name: PersonName;
  /** Employee of a legal entity: OU=BIN…, O=organisation. */
  bin?: string;
  organization?: string;
  locality?: string;
  region?: string;
  email?: string;
}

/**
 * Subject DN: CN=SURNAME NAME, SURNAME=…, SERIALNUMBER=IIN…, C=KZ, [L, S,] [O, OU=BIN…,] G=…, [E].
 * Text attributes are UTF8String (Cyrillic/Kazakh letters), C and SERIALNUMBER/OU PrintableString.
 */
export function subjectName(s: SubjectInput): x509.Name {
  const utf8 = (v: string) => [{ utf8String: v }];
  const printable = (v: string) => [{ printableString: v }];
  const rdns: x509.JsonNameParams = [
    { [OID.CN]: utf8(`${s.name.surname} ${s.name.givenName}`) },
    { [OID.SURNAME]: utf8(s.name.surname) },
    { [OID.SERIALNUMBER]: printable(`IIN${s.iin}`) },
    { [OID.C]: printable('KZ') },
  ];
  if (s.locality) rdns.push({ [OID.L]: utf8(s.locality) });
  if (s.region) rdns.push({ [OID.S]: utf8(s.region) });
  if (s.bin) {
    if (s.organization) rdns.push({ [OID.O]: utf8(s.organization) });
    rdns.push({ [OID.OU]: printable(`BIN${s.bin}`) });
  }
  if (s.name.patronymic) rdns.push({ [OID.G]: utf8(s.name.patronymic) });
  if (s.email) rdns.push({ [OID.E]: [{ ia5String: s.email }] });
  return new x509.Name(rdns);
}

export interface SubjectInfo {
  iin: string | null;
  bin: string | null;
  /** "SURNAME NAME PATRONYMIC" (or the CN when the parts are absent). */
  name: string;
  commonName: string | null;
  surname: string | null;
  givenName: string | null;
  patronymic: string | null;
  organization: string | null;
}

/** Read the national-profile fields of a subject name (works for any certificate). */
export function subjectInfo(name: x509.Name): SubjectInfo {
  const first = (oid: string) => name.getField(oid)[0] ?? null;
  const serial = name.getField(OID.SERIALNUMBER).map((v) => /^IIN(\d{12})$/.exec(v)?.[1]).find(Boolean) ?? null;
  const bin = name.getField(OID.OU).map((v) => /^BIN(\d{12})$/.exec(v)?.[1]).find(Boolean) ?? null;
  const cn = first(OID.CN);
  const surname = first(OID.SURNAME);
  const givenFromCn = cn && surname && cn.startsWith(`${surname} `) ? cn.slice(surname.length + 1) : null;
  const patronymic = first(OID.G);
  const parts = [surname, givenFromCn, patronymic].filter(Boolean);
  return {
    iin: serial,
    bin,
    name: surname && givenFromCn ? parts.join(' ') : (cn ?? name.toString()),
    commonName: cn,
    surname,
    givenName: givenFromCn,
    patronymic,
    organization: first(OID.O),
  };
}
