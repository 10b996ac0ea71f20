-- A payout requested, in one transaction: the key claimed (a replay returns
-- o_replay_of and changes nothing), the bank account checked to be the
-- user's and not removed (PY501), the user's payouts this Tehran day kept
-- under p_daily_limit (PY502), and amount + fee held: moved from the wallet
-- (PY001 INSUFFICIENT_FUNDS) to the sharded PAYOUT_PENDING account, so the
-- same rial cannot be spent twice while the bank works. The payout row waits
-- QUEUED until p_send_after; the worker sends it from there. Answers the
-- bank account too, so the caller builds its answer without reading again.
CREATE OR REPLACE FUNCTION request_payout(
  p_id uuid, p_user uuid, p_bank_account uuid, p_amount bigint, p_fee bigint,
  p_key text, p_args_hash text, p_tracking text, p_daily_limit bigint,
  p_provider text, p_reference text, p_shard int, p_send_after timestamptz,
  OUT o_replay_of uuid, OUT o_seq bigint, OUT o_created_at timestamptz, OUT o_wallet uuid, OUT o_balance bigint,
  OUT o_iban text, OUT o_bank_code text, OUT o_owner_name text, OUT o_account_created_at timestamptz)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  leg record;
BEGIN
  o_replay_of := claim_idempotency_key(p_user, p_key, 'requestPayout', p_args_hash, p_id);
  IF o_replay_of IS NOT NULL THEN RETURN; END IF;
  SELECT b.iban, b.bank_code, b.owner_name, b.created_at INTO o_iban, o_bank_code, o_owner_name, o_account_created_at
    FROM bank_accounts b WHERE b.id = p_bank_account AND b.user_id = p_user AND b.removed_at IS NULL FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'NO_BANK_ACCOUNT' USING ERRCODE = 'PY501';
  END IF;
  IF p_amount > p_daily_limit THEN
    RAISE EXCEPTION 'PAYOUT_DAILY_LIMIT' USING ERRCODE = 'PY502';
  END IF;
  INSERT INTO payout_daily_totals AS d (user_id, day, total)
  VALUES (p_user, (now() AT TIME ZONE 'Asia/Tehran')::date, p_amount)
  ON CONFLICT (user_id, day) DO UPDATE SET total = d.total + EXCLUDED.total
    WHERE d.total + EXCLUDED.total <= p_daily_limit;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'PAYOUT_DAILY_LIMIT' USING ERRCODE = 'PY502';
  END IF;
  SELECT * INTO leg FROM post_transfer(p_id, p_id, 'PAYOUT', p_id, p_tracking, p_amount + p_fee,
                                       p_user, NULL, NULL, NULL, 'PAYOUT_PENDING', p_shard);
  INSERT INTO payouts (id, user_id, bank_account_id, amount, fee, provider, reference, shard, send_after, tracking_code, created_at)
  VALUES (p_id, p_user, p_bank_account, p_amount, p_fee, p_provider, p_reference, p_shard, p_send_after, p_tracking, leg.o_created_at);
  o_seq := leg.o_seq; o_created_at := leg.o_created_at;
  o_wallet := leg.o_debit_account; o_balance := leg.o_debit_balance;
END $$
