-- Pays a money request, once whoever races, in one transaction: the payer's
-- key claimed (a replay returns o_replay_of and changes nothing), the request
-- locked and still OPEN (PYM01 ALREADY_CLOSED), the payer allowed (PYM02:
-- the requester, or not the payer asked), the Tehran-day transfer limit
-- (PY004), one transfer from payer to requester (PY001 INSUFFICIENT_FUNDS)
-- with its record, the request PAID, and its event. No PAYMENT message: the
-- request's own message shows it paid.
CREATE OR REPLACE FUNCTION pay_money_request(
  p_request uuid, p_payer uuid, p_transfer uuid, p_key text, p_args_hash text, p_tracking text,
  p_daily_limit bigint, p_subject text,
  OUT o_replay_of uuid, OUT o_seq bigint, OUT o_from_wallet uuid, OUT o_from_balance bigint,
  OUT o_to_user uuid, OUT o_to_wallet uuid, OUT o_to_balance bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  r money_requests%ROWTYPE;
  leg record;
BEGIN
  o_replay_of := claim_idempotency_key(p_payer, p_key, 'payMoneyRequest', p_args_hash, p_request);
  IF o_replay_of IS NOT NULL THEN RETURN; END IF;
  SELECT * INTO r FROM money_requests WHERE id = p_request FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'NOT_FOUND' USING ERRCODE = 'PYM03'; END IF;
  IF r.status <> 'OPEN' THEN RAISE EXCEPTION 'ALREADY_CLOSED' USING ERRCODE = 'PYM01'; END IF;
  IF r.requester_id = p_payer OR (r.payer_id IS NOT NULL AND r.payer_id <> p_payer) THEN
    RAISE EXCEPTION 'NOT_THE_PAYER' USING ERRCODE = 'PYM02';
  END IF;
  IF r.amount > p_daily_limit THEN RAISE EXCEPTION 'DAILY_LIMIT' USING ERRCODE = 'PY004'; END IF;
  INSERT INTO transfer_daily_totals AS d (user_id, day, total)
  VALUES (p_payer, (now() AT TIME ZONE 'Asia/Tehran')::date, r.amount)
  ON CONFLICT (user_id, day) DO UPDATE SET total = d.total + EXCLUDED.total
    WHERE d.total + EXCLUDED.total <= p_daily_limit;
  IF NOT FOUND THEN RAISE EXCEPTION 'DAILY_LIMIT' USING ERRCODE = 'PY004'; END IF;
  SELECT * INTO leg FROM post_transfer(p_transfer, p_transfer, 'TRANSFER', p_transfer, p_tracking, r.amount,
                                       p_payer, NULL, NULL, r.requester_id, NULL, NULL);
  INSERT INTO payment_transfers (id, from_user_id, to_user_id, amount, note, conversation_id, created_at)
  VALUES (p_transfer, p_payer, r.requester_id, r.amount, r.note, r.conversation_id, leg.o_created_at);
  UPDATE money_requests SET status = 'PAID', paid_by = p_payer, transfer_id = p_transfer,
         closed_at = leg.o_created_at, version = version + 1
   WHERE id = p_request;
  PERFORM chat_money_event(p_subject, 'MONEY_REQUEST', r.id, r.conversation_id, r.requester_id, r.version + 1);
  o_seq := leg.o_seq;
  o_from_wallet := leg.o_debit_account; o_from_balance := leg.o_debit_balance;
  o_to_user := r.requester_id; o_to_wallet := leg.o_credit_account; o_to_balance := leg.o_credit_balance;
END $$
