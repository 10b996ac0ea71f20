-- Claims an idempotency key for this call; returns the record it already
-- names when the key was used with the same arguments, raises PY002
-- IDEMPOTENCY_CONFLICT when not, and NULL when the key is new (claimed now).
CREATE OR REPLACE FUNCTION claim_idempotency_key(p_user uuid, p_key text, p_operation text, p_args_hash text, p_ref uuid)
RETURNS uuid LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  existing idempotency_keys%ROWTYPE;
BEGIN
  INSERT INTO idempotency_keys (user_id, key, operation, args_hash, ref_id)
  VALUES (p_user, p_key, p_operation, p_args_hash, p_ref)
  ON CONFLICT DO NOTHING;
  IF FOUND THEN RETURN NULL; END IF;
  SELECT * INTO existing FROM idempotency_keys k WHERE k.user_id = p_user AND k.key = p_key;
  IF existing.args_hash <> p_args_hash OR existing.operation <> p_operation THEN
    RAISE EXCEPTION 'IDEMPOTENCY_CONFLICT' USING ERRCODE = 'PY002';
  END IF;
  RETURN existing.ref_id;
END $$
