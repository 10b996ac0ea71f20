-- Cancels a split: by its creator (p_user; PYM02 for anyone else), or by
-- the platform (p_user null: expiry, or the bill paid some other way). PYM03
-- when there is no such split, PYM01 ALREADY_CLOSED when it is no longer
-- collecting. Every share paid in goes back (close_bill_split).
CREATE OR REPLACE FUNCTION cancel_bill_split(p_split uuid, p_user uuid, p_reason text, p_trackings text[], p_subject text,
  OUT o_changes jsonb)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  s bill_splits%ROWTYPE;
BEGIN
  SELECT * INTO s FROM bill_splits WHERE id = p_split FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'NOT_FOUND' USING ERRCODE = 'PYM03'; END IF;
  IF p_user IS NOT NULL AND s.created_by <> p_user THEN RAISE EXCEPTION 'NOT_ALLOWED' USING ERRCODE = 'PYM02'; END IF;
  IF s.status <> 'COLLECTING' THEN RAISE EXCEPTION 'ALREADY_CLOSED' USING ERRCODE = 'PYM01'; END IF;
  o_changes := close_bill_split(p_split, p_reason, p_trackings, p_subject);
END $$
