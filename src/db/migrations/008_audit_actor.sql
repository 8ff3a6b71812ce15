-- Audit rows name, besides the actor, the person acted for (an admin's certificate used by a
-- citizen, an operator filing for an applicant). The hash chain is added by migration 010.
ALTER TABLE audit_log ADD COLUMN on_behalf_of uuid;
