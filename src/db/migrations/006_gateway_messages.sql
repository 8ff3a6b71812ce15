-- The gateway's asynchronous variant (kz-facts §7): sendMessage → {messageId, correlationId};
-- the answer arrives later as a RESPONSE message in the sender's inbox, read with getMessages
-- and acknowledged with sendDeliveryNotification; getMessageStatus tells where a request is.
-- A request is written in the caller's transaction together with its delivery job (outbox),
-- so it is sent exactly when the caller's work commits.
CREATE TABLE gateway_messages (
  message_id     uuid PRIMARY KEY,                  -- UUIDv7
  correlation_id text NOT NULL,
  in_reply_to    uuid REFERENCES gateway_messages (message_id),
  message_type   text NOT NULL CHECK (message_type IN ('REQUEST', 'RESPONSE', 'NOTIFICATION')),
  direction      text NOT NULL CHECK (direction IN ('out', 'in')),
  system_id      text NOT NULL,                     -- the state system asked (out) or answering (in)
  service_id     text NOT NULL,
  sender_id      text NOT NULL,                     -- the Qyzmet subsystem that asked / whose inbox it is
  -- out REQUEST: queued → sent (answered) | failed;  in RESPONSE/NOTIFICATION: new → delivered
  status         text NOT NULL CHECK (status IN ('queued', 'answered', 'failed', 'new', 'delivered')),
  response_code  text CHECK (response_code IN ('OK', 'NOT_FOUND', 'REJECTED', 'FAILED')),
  meta           jsonb NOT NULL DEFAULT '{}'::jsonb, -- purpose, consent, actor, subject IIN
  data           jsonb,
  attempts       integer NOT NULL DEFAULT 0,
  claimed_until  timestamptz,                       -- a worker is sending it (no transaction is held meanwhile)
  last_error     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  delivered_at   timestamptz
);
CREATE INDEX gateway_messages_correlation ON gateway_messages (correlation_id, created_at);
-- a subsystem's inbox: what it has not acknowledged yet, oldest first
CREATE INDEX gateway_messages_inbox ON gateway_messages (sender_id, created_at, message_id) WHERE direction = 'in' AND status = 'new';
CREATE UNIQUE INDEX gateway_messages_one_answer ON gateway_messages (in_reply_to) WHERE in_reply_to IS NOT NULL;
