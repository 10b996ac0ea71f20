-- Pays a bill from the payer's wallet into its type's payable account
-- (sharded by p_shard), in one transaction: the key claimed (a replay returns
-- o_replay_of and changes nothing), the bill recorded once for all payers
-- (PY003 BILL_ALREADY_PAID), the leg posted (PY001 INSUFFICIENT_FUNDS), and,
-- when the receipt is shared in a chat (p_event not null), the event written
-- to the outbox under p_event_subject (the caller's subject name).
CREATE OR REPLACE FUNCTION pay_bill(
  p_id uuid, p_user uuid, p_key text, p_args_hash text, p_bill text, p_payment text, p_type text,
  p_company text, p_amount bigint, p_tracking text, p_shard int, p_conversation uuid, p_event_subject text, p_event jsonb,
  OUT o_replay_of uuid, OUT o_seq bigint, OUT o_paid_at timestamptz, OUT o_wallet uuid, OUT o_balance bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  leg record;
BEGIN
  o_replay_of := claim_idempotency_key(p_user, p_key, 'payBill', p_args_hash, p_id);
  IF o_replay_of IS NOT NULL THEN RETURN; END IF;
  INSERT INTO bill_payments (id, user_id, bill_id, payment_id, bill_type, company_code, amount, tracking_code, conversation_id)
  VALUES (p_id, p_user, p_bill, p_payment, p_type, p_company, p_amount, p_tracking, p_conversation)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'BILL_ALREADY_PAID' USING ERRCODE = 'PY003';
  END IF;
  SELECT * INTO leg FROM post_transfer(p_id, p_id, 'BILL_PAYMENT', p_id, p_tracking, p_amount,
                                       p_user, NULL, NULL, NULL, 'BILL_PAYABLE:' || p_type, p_shard);
  IF p_event IS NOT NULL THEN
    INSERT INTO outbox (event_id, subject, payload)
    VALUES (p_event->>'eventId', p_event_subject,
            p_event || jsonb_build_object('createdAt', to_char(leg.o_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  END IF;
  o_seq := leg.o_seq; o_paid_at := leg.o_created_at; o_wallet := leg.o_debit_account; o_balance := leg.o_debit_balance;
END $$
