-- A bill split, once per id (derived from the creator, the conversation and
-- the client's clientId; a repeat changes nothing and o_created is false):
-- refused when the bill was paid before (PY003 BILL_ALREADY_PAID), its
-- shares in the order given, and the event that posts its message.
CREATE OR REPLACE FUNCTION create_bill_split(
  p_id uuid, p_conversation uuid, p_creator uuid, p_bill text, p_payment text, p_type text, p_company text,
  p_amount bigint, p_users uuid[], p_amounts bigint[], p_expires_at timestamptz, p_subject text,
  OUT o_created boolean)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM bill_splits WHERE id = p_id) THEN
    o_created := false;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM bill_payments WHERE bill_id = p_bill AND payment_id = p_payment) THEN
    RAISE EXCEPTION 'BILL_ALREADY_PAID' USING ERRCODE = 'PY003';
  END IF;
  INSERT INTO bill_splits (id, conversation_id, created_by, bill_id, payment_id, bill_type, company_code, amount, expires_at)
  VALUES (p_id, p_conversation, p_creator, p_bill, p_payment, p_type, p_company, p_amount, p_expires_at)
  ON CONFLICT (id) DO NOTHING;
  o_created := FOUND;
  IF NOT o_created THEN RETURN; END IF;
  INSERT INTO bill_shares (split_id, user_id, position, amount)
  SELECT p_id, u.user_id, u.position, u.amount
    FROM unnest(p_users, p_amounts) WITH ORDINALITY AS u(user_id, amount, position);
  PERFORM chat_money_event(p_subject, 'BILL_SPLIT', p_id, p_conversation, p_creator, 1);
END $$
