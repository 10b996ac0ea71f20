-- Posted transfers never change: corrections are new transfers. The
-- triggers transfers_no_update (UPDATE, DELETE) and transfers_no_truncate
-- (CreateLedger migration) call it; it raises restrict_violation (23001).
-- Nothing calls it otherwise, so it has no TypeScript wrapper.
CREATE OR REPLACE FUNCTION transfers_are_immutable() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  RAISE EXCEPTION 'posted transfers are immutable: post a correcting transfer instead' USING ERRCODE = 'restrict_violation';
END $$
