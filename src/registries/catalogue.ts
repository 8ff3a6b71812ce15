/**
 * The services the simulated state systems expose through the gateway, with their
 * request and response types. `gateway.send(system, service, req, meta)` is typed from here.
 * Callers import these types; they never query the registries' tables.
 */
import type { Region } from '../regions.ts';
import type { I18n } from '../registry/types.ts';

export interface Bilingual {
  kk: string;
  ru: string;
}

// ---------------------------------------------------------------- address register

export interface Address {
  /** Stable id of the address in the address register. */
  id: number;
  region: Region;
  regionName: I18n;
  district: Bilingual | null;
  locality: Bilingual;
  localityKind: 'city' | 'village';
  street: Bilingual | null;
  house: string;
  flat: string | null;
  /** The full address as one line (en: in Latin letters, for English pages). */
  text: I18n;
}

// ---------------------------------------------------------------- persons DB (ГБД ФЛ)

export type Sex = 'male' | 'female';

export interface PersonRecord {
  iin: string;
  surname: string;
  givenName: string;
  patronymic: string | null;
  /** Surname at birth when it has changed (marriage, name change). */
  birthSurname: string | null;
  birthDate: string;
  sex: Sex;
  birthPlace: { country: string; region: Region | null; locality: string | null };
  citizenship: string;
  nationality: string | null;
  deathDate: string | null;
  alive: boolean;
  /** Current permanent registration. */
  address: Address | null;
}

export interface FamilyMember {
  iin: string;
  relation: 'mother' | 'father' | 'child' | 'spouse';
  /** How the link arose: birth record, paternity, adoption, marriage. */
  basis: 'birth' | 'paternity' | 'adoption' | 'marriage';
  surname: string;
  givenName: string;
  patronymic: string | null;
  birthDate: string;
  sex: Sex;
  alive: boolean;
  since: string | null;
  until: string | null;
  current: boolean;
}

export interface Family {
  iin: string;
  parents: FamilyMember[];
  children: FamilyMember[];
  spouses: FamilyMember[];
}

export interface Registration {
  kind: 'permanent' | 'temporary';
  from: string;
  to: string | null;
  current: boolean;
  address: Address;
}

export interface AddressHistory {
  iin: string;
  registrations: Registration[];
}

// ---------------------------------------------------------------- legal entities DB (ГБД ЮЛ)

export interface LegalEntity {
  bin: string;
  name: Bilingual;
  legalForm: Bilingual;
  registeredOn: string;
  head: { iin: string; name: string } | null;
  address: Address | null;
  /** Main activity (ОКЭД code). */
  oked: string | null;
  status: 'active' | 'liquidated';
  liquidatedOn: string | null;
}

// ---------------------------------------------------------------- notary (ЕНИС)

export interface PowerOfAttorney {
  number: string;
  /** IIN of an individual or BIN of a legal entity. */
  principalIin: string;
  representativeIin: string;
  /** Service codes the representative may apply for, or 'any'. */
  scope: string[] | 'any';
  validFrom: string;
  validTo: string;
  notarised: boolean;
  notary: string | null;
  issuedOn: string;
  revokedOn: string | null;
}

export type PoaReason = 'PRINCIPAL_MISMATCH' | 'REPRESENTATIVE_MISMATCH' | 'NOT_NOTARISED' | 'REVOKED' | 'NOT_YET_VALID' | 'EXPIRED' | 'OUT_OF_SCOPE';

export interface PoaCheck {
  valid: boolean;
  reason: PoaReason | null;
  message: I18n | null;
  /** The POA itself — only when principal and representative match. */
  poa: PowerOfAttorney | null;
}

// ---------------------------------------------------------------- civil registry (ИС ЗАГС)

export type ActKind = 'birth' | 'marriage' | 'divorce' | 'death' | 'paternity' | 'adoption' | 'name_change';

export type ActRole =
  | 'child'
  | 'mother'
  | 'father'
  | 'husband'
  | 'wife'
  | 'deceased'
  | 'adoptee'
  | 'adoptive_mother'
  | 'adoptive_father'
  | 'person'
  | 'applicant';

export interface ActRecord {
  id: number;
  kind: ActKind;
  actNumber: string;
  actDate: string;
  registeringBody: string;
  participants: Array<{ iin: string; role: ActRole }>;
  details: Record<string, unknown> | null;
}

export interface FoundActs {
  iin: string;
  /** Electronic records only. */
  acts: ActRecord[];
  /** Matching records that exist on paper only (before the electronic registry): present the certificate. */
  paperOnly: number;
}

export type RelationshipReason =
  | 'SAME_PERSON'
  | 'NO_RECORD'
  | 'BIRTH_RECORD_BEFORE_CUTOFF'
  | 'MARRIAGE_BEFORE_2008'
  | 'DIVORCED'
  | 'SPOUSE_DECEASED';

export interface RelationshipCheck {
  relation: 'child' | 'spouse' | null;
  reason: RelationshipReason | null;
  message: I18n | null;
  /** The act record that proves (or would prove) the relation. */
  act: { kind: ActKind; actNumber: string; actDate: string; electronic: boolean } | null;
}

export interface NewAct {
  kind: ActKind;
  actDate: string;
  registeringBody: string;
  participants: Array<{ iin: string; role: ActRole }>;
  details?: Record<string, unknown>;
  /**
   * The caller's key for this write (e.g. the application id): a second call with the same key
   * writes nothing and answers with the act the first one made (`replayed: true`).
   */
  reference?: string;
  /** A birth of a child who has no IIN yet: the registry assigns one (participant role `child`). */
  newChild?: { birthDate: string; sex: Sex; givenName?: string };
  /** A restored record of an earlier act (lost or paper-only): refused when an electronic one exists. */
  restored?: boolean;
}

/** Why the civil registry refuses to write an act: the record (or a bar to it) exists already. */
export type ActRefusalReason =
  | 'BIRTH_ALREADY_REGISTERED'
  | 'ALREADY_MARRIED_TO_EACH_OTHER'
  | 'ALREADY_MARRIED'
  | 'DEATH_ALREADY_REGISTERED'
  | 'PATERNITY_ALREADY_ESTABLISHED'
  | 'ADOPTION_ALREADY_REGISTERED'
  | 'RECORD_ALREADY_ELECTRONIC';

/** The answer to a write: the act made (or the one an earlier call with the same reference made), or a refusal. */
export type ActWrite =
  | { recorded: true; replayed: boolean; act: ActRecord }
  | { recorded: false; reason: ActRefusalReason; message: I18n; act: { kind: ActKind; actNumber: string; actDate: string } | null };

/** An amendment (change, addition, correction) to an existing act record, found by its number. */
export interface ActAmendment {
  actNumber: string;
  /** When given, the act's date must match too. */
  actDate?: string;
  /** When given, the act must name this person. */
  iin?: string;
  madeOn: string;
  registeringBody: string;
  text?: string;
  changes?: Record<string, unknown>;
  /** As for NewAct: the same reference twice amends once. */
  reference: string;
}

// ---------------------------------------------------------------- the catalogue

export interface RegistryCatalogue {
  persons: {
    getPerson: { req: { iin: string }; res: PersonRecord };
    getFamily: { req: { iin: string }; res: Family };
    getAddressHistory: { req: { iin: string }; res: AddressHistory };
  };
  'legal-entities': {
    getEntity: { req: { bin: string }; res: LegalEntity };
    findEntitiesByHead: { req: { iin: string }; res: { iin: string; entities: LegalEntity[] } };
  };
  notary: {
    checkPowerOfAttorney: {
      req: { number: string; principalIin: string; representativeIin: string; serviceCode: string; on?: string };
      res: PoaCheck;
    };
  };
  'civil-registry': {
    findActs: { req: { iin: string; kind?: ActKind }; res: FoundActs };
    checkRelationship: { req: { applicantIin: string; subjectIin: string }; res: RelationshipCheck };
    /** A write: never retried by the gateway. */
    registerAct: { req: NewAct; res: ActWrite };
    /** A write: never retried by the gateway; safe to repeat with the same reference. NOT_FOUND: no such act. */
    amendAct: { req: ActAmendment; res: { replayed: boolean; amendmentId: number; act: ActRecord } };
  };
  address: {
    getAddress: { req: { id: number }; res: Address };
  };
}

export type SystemId = keyof RegistryCatalogue;
