-- Quality surveys (src/quality/README.md): the questionnaire of 001 annex 6 and a 1–5 rating,
-- asked once per decided application. Anonymous by construction: the answer row carries what the
-- reports break down by (service, provider, intake organisation, region, channel, the day) and no
-- application, person or exact time; the receipt row says only that the application was answered.
CREATE TABLE survey_answers (
  id            bigserial PRIMARY KEY,
  survey        text NOT NULL,
  service_code  text NOT NULL,
  provider_org  text,
  intake_org    text,
  region        text,
  channel       text NOT NULL,
  outcome       text NOT NULL,
  answered_on   date NOT NULL,
  answers       jsonb NOT NULL,
  rating        smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment       text
);
CREATE INDEX survey_answers_service_day ON survey_answers (service_code, answered_on);
CREATE INDEX survey_answers_provider_day ON survey_answers (provider_org, answered_on);

CREATE TABLE survey_receipts (
  application_id uuid PRIMARY KEY REFERENCES applications(id),
  survey         text NOT NULL,
  answered_on    date NOT NULL
);
