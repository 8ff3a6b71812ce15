-- 003: the e-government gateway's call log and the simulated state systems behind it.
-- Each system owns its tables (prefix) and is reached ONLY through the gateway
-- (src/gateway, src/registries); no other module queries these tables.
-- Runs unchanged on PostgreSQL 15+ and PGlite.

-- ------------------------------------------------------------------ gateway
-- One row per attempt (a resend is a new message with the same correlation id).
CREATE TABLE gateway_calls (
  message_id      uuid PRIMARY KEY,                 -- UUIDv7: time-ordered
  correlation_id  text NOT NULL,
  system_id       text NOT NULL,
  service_id      text NOT NULL,
  attempt         integer NOT NULL,
  sender_id       text NOT NULL,                    -- calling subsystem (ШЭП senderId)
  actor_id        text,                             -- user on whose action the call is made
  subject_iin     char(12),                         -- whose personal data
  purpose         text NOT NULL,
  consent_id      text,
  status          text NOT NULL CHECK (status IN ('ok', 'not_found', 'rejected', 'error', 'timeout', 'unavailable')),
  duration_ms     integer NOT NULL,
  error_code      text,
  error_message   text,
  at              timestamptz NOT NULL
);
CREATE INDEX gateway_calls_correlation ON gateway_calls (correlation_id);
-- "who looked at my data" and "what did this operator look at"
CREATE INDEX gateway_calls_subject ON gateway_calls (subject_iin, at) WHERE subject_iin IS NOT NULL;
CREATE INDEX gateway_calls_actor ON gateway_calls (actor_id, at) WHERE actor_id IS NOT NULL;

-- ------------------------------------------------------------------ address register
CREATE TABLE addr_addresses (
  id           bigint PRIMARY KEY,                  -- stable address id
  region       text NOT NULL,                       -- region code of src/regions.ts
  district_kk  text,
  district_ru  text,
  locality_kk  text NOT NULL,
  locality_ru  text NOT NULL,
  locality_kind text NOT NULL CHECK (locality_kind IN ('city', 'village')),
  street_kk    text,
  street_ru    text,
  house        text NOT NULL,
  flat         text
);

-- ------------------------------------------------------------------ persons DB (ГБД ФЛ)
CREATE TABLE gbdfl_persons (
  iin             char(12) PRIMARY KEY,
  surname         text NOT NULL,
  given_name      text NOT NULL,
  patronymic      text,
  birth_surname   text,                             -- when the surname has changed
  birth_date      date NOT NULL,
  sex             char(1) NOT NULL CHECK (sex IN ('M', 'F')),
  birth_country   char(2) NOT NULL DEFAULT 'KZ',
  birth_region    text,
  birth_locality  text,
  citizenship     char(2) NOT NULL DEFAULT 'KZ',
  nationality     text,
  death_date      date
);

-- Registered address history (прописка): permanent and temporary registrations.
CREATE TABLE gbdfl_registrations (
  iin             char(12) NOT NULL,
  address_id      bigint NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('permanent', 'temporary')),
  registered_from date NOT NULL,
  registered_to   date
);
CREATE INDEX gbdfl_registrations_iin ON gbdfl_registrations (iin, registered_from);

-- Family links: (child → mother/father) and (spouse → spouse, both directions).
CREATE TABLE gbdfl_family_links (
  iin           char(12) NOT NULL,
  relative_iin  char(12) NOT NULL,
  relation      text NOT NULL CHECK (relation IN ('mother', 'father', 'spouse')),
  basis         text NOT NULL CHECK (basis IN ('birth', 'paternity', 'adoption', 'marriage')),
  since         date,
  until         date
);
CREATE INDEX gbdfl_family_links_iin ON gbdfl_family_links (iin);
CREATE INDEX gbdfl_family_links_relative ON gbdfl_family_links (relative_iin);

-- ------------------------------------------------------------------ legal entities DB (ГБД ЮЛ)
CREATE TABLE gbdul_entities (
  bin            char(12) PRIMARY KEY,
  name_kk        text NOT NULL,
  name_ru        text NOT NULL,
  form_kk        text NOT NULL,
  form_ru        text NOT NULL,
  registered_on  date NOT NULL,
  head_iin       char(12),
  head_name      text,
  address_id     bigint,
  oked           text,
  status         text NOT NULL CHECK (status IN ('active', 'liquidated')),
  liquidated_on  date
);
CREATE INDEX gbdul_entities_head ON gbdul_entities (head_iin);

-- ------------------------------------------------------------------ unified notary system (ЕНИС)
CREATE TABLE enis_powers_of_attorney (
  number              text PRIMARY KEY,
  principal_id        char(12) NOT NULL,           -- IIN or BIN
  representative_iin  char(12) NOT NULL,
  scope               text[] NOT NULL,             -- service codes, or {any}
  valid_from          date NOT NULL,
  valid_to            date NOT NULL,
  notarised           boolean NOT NULL,
  notary_name         text,
  issued_on           date NOT NULL,
  revoked_on          date
);
CREATE INDEX enis_poa_principal ON enis_powers_of_attorney (principal_id);
CREATE INDEX enis_poa_representative ON enis_powers_of_attorney (representative_iin);

-- ------------------------------------------------------------------ civil registry (ИС ЗАГС)
CREATE TABLE zags_acts (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('birth', 'marriage', 'divorce', 'death', 'paternity', 'adoption', 'name_change')),
  act_number        text NOT NULL UNIQUE,
  act_date          date NOT NULL,
  registering_body  text NOT NULL,
  -- false: a paper-only record made before the electronic registry (births before
  -- 13 Aug 2007, everything else before 2008): a lookup says "not in the electronic registry".
  electronic        boolean NOT NULL,
  details           jsonb
);

CREATE TABLE zags_participants (
  act_id  bigint NOT NULL REFERENCES zags_acts (id),
  iin     char(12) NOT NULL,
  role    text NOT NULL,
  PRIMARY KEY (act_id, role, iin)
);
CREATE INDEX zags_participants_iin ON zags_participants (iin);

-- ------------------------------------------------------------------ synthetic population marker
-- One row once the synthetic population is loaded (seedPopulation is idempotent).
CREATE TABLE registries_seed (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  seed         integer NOT NULL,
  persons      integer NOT NULL,
  as_of        date NOT NULL,
  seeded_at    timestamptz NOT NULL DEFAULT now(),
  duration_ms  integer
);
