-- Ends a payout once: a compare-and-set from PENDING (with p_unsent_only,
-- only while it is still QUEUED, i.e. never handed to the bank: a cancel).
-- SUCCEEDED posts the held money on: amount to PAYOUT_SETTLEMENT (what the
-- bank paid out for us), fee to PAYOUT_FEES. FAILED and CANCELLED return
-- amount + fee to the wallet in one PAYOUT_RETURNED transfer and take the
-- amount off the day's total. Amounts are the payout's, never the caller's.
CREATE OR REPLACE FUNCTION settle_payout(
  p_payout uuid, p_status text, p_bank_reference text, p_reason text, p_unsent_only boolean,
  p_transfer uuid, p_tracking text, p_fee_transfer uuid, p_fee_tracking text,
  OUT o_changed boolean, OUT o_status text, OUT o_user uuid, OUT o_seq bigint, OUT o_wallet uuid, OUT o_balance bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  p payouts%ROWTYPE;
  leg record;
BEGIN
  IF p_status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED') THEN
    RAISE EXCEPTION 'a payout ends SUCCEEDED, FAILED or CANCELLED' USING ERRCODE = 'check_violation';
  END IF;
  UPDATE payouts SET status = p_status, bank_reference = p_bank_reference, failure_reason = p_reason,
         completed_at = now(), next_check_at = NULL
   WHERE id = p_payout AND status = 'PENDING' AND (NOT p_unsent_only OR send_state = 'QUEUED')
  RETURNING * INTO p;
  IF NOT FOUND THEN
    SELECT false, x.status, x.user_id INTO o_changed, o_status, o_user FROM payouts x WHERE x.id = p_payout;
    RETURN;
  END IF;
  o_changed := true; o_status := p.status; o_user := p.user_id;
  IF p_status = 'SUCCEEDED' THEN
    SELECT * INTO leg FROM post_transfer(p_transfer, p_transfer, 'PAYOUT_SETTLED', p.id, p_tracking, p.amount,
                                         NULL, 'PAYOUT_PENDING', p.shard, NULL, 'PAYOUT_SETTLEMENT', p.shard);
    IF p.fee > 0 THEN
      PERFORM post_transfer(p_fee_transfer, p_transfer, 'PAYOUT_SETTLED', p.id, p_fee_tracking, p.fee,
                            NULL, 'PAYOUT_PENDING', p.shard, NULL, 'PAYOUT_FEES', p.shard);
    END IF;
    RETURN;
  END IF;
  SELECT * INTO leg FROM post_transfer(p_transfer, p_transfer, 'PAYOUT_RETURNED', p.id, p_tracking, p.amount + p.fee,
                                       NULL, 'PAYOUT_PENDING', p.shard, p.user_id, NULL, NULL);
  UPDATE payout_daily_totals SET total = total - p.amount
   WHERE user_id = p.user_id AND day = (p.created_at AT TIME ZONE 'Asia/Tehran')::date;
  o_seq := leg.o_seq; o_wallet := leg.o_credit_account; o_balance := leg.o_credit_balance;
END $$
