-- A transfer between two wallets, in one transaction: the key claimed (a
-- replay returns o_replay_of and changes nothing), the sender's daily total
-- kept under p_daily_limit (PY004 DAILY_LIMIT, Tehran calendar day), the leg
-- posted (PY001 INSUFFICIENT_FUNDS), the transfer record, and the event for
-- the chat written to the outbox under p_event_subject (the caller's subject
-- name: never a literal here) with the posting time as createdAt.
CREATE OR REPLACE FUNCTION transfer_money(
  p_id uuid, p_from uuid, p_to uuid, p_amount bigint, p_note text, p_conversation uuid,
  p_key text, p_args_hash text, p_tracking text, p_daily_limit bigint, p_event_subject text, p_event jsonb,
  OUT o_replay_of uuid, OUT o_seq bigint, OUT o_created_at timestamptz,
  OUT o_from_wallet uuid, OUT o_from_balance bigint, OUT o_to_wallet uuid, OUT o_to_balance bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  leg record;
BEGIN
  o_replay_of := claim_idempotency_key(p_from, p_key, 'transferMoney', p_args_hash, p_id);
  IF o_replay_of IS NOT NULL THEN RETURN; END IF;
  IF p_amount > p_daily_limit THEN
    RAISE EXCEPTION 'DAILY_LIMIT' USING ERRCODE = 'PY004';
  END IF;
  INSERT INTO transfer_daily_totals AS d (user_id, day, total)
  VALUES (p_from, (now() AT TIME ZONE 'Asia/Tehran')::date, p_amount)
  ON CONFLICT (user_id, day) DO UPDATE SET total = d.total + EXCLUDED.total
    WHERE d.total + EXCLUDED.total <= p_daily_limit;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'DAILY_LIMIT' USING ERRCODE = 'PY004';
  END IF;
  SELECT * INTO leg FROM post_transfer(p_id, p_id, 'TRANSFER', p_id, p_tracking, p_amount,
                                       p_from, NULL, NULL, p_to, NULL, NULL);
  INSERT INTO payment_transfers (id, from_user_id, to_user_id, amount, note, conversation_id, created_at)
  VALUES (p_id, p_from, p_to, p_amount, p_note, p_conversation, leg.o_created_at);
  INSERT INTO outbox (event_id, subject, payload)
  VALUES (p_event->>'eventId', p_event_subject,
          p_event || jsonb_build_object('createdAt', to_char(leg.o_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  o_seq := leg.o_seq; o_created_at := leg.o_created_at;
  o_from_wallet := leg.o_debit_account; o_from_balance := leg.o_debit_balance;
  o_to_wallet := leg.o_credit_account; o_to_balance := leg.o_credit_balance;
END $$
