-- Settles a top-up once: a compare-and-set from PENDING (o_changed false when
-- it had already ended, with the status it ended in), and on success the
-- credit, with an id derived from the top-up, in the same transaction. The
-- amount credited is ours, never the caller's.
CREATE OR REPLACE FUNCTION settle_top_up(
  p_top_up uuid, p_status text, p_bank_reference text, p_card_pan text, p_reason text,
  p_transfer uuid, p_tracking text, p_shard int,
  OUT o_changed boolean, OUT o_status text, OUT o_user uuid, OUT o_seq bigint, OUT o_wallet uuid, OUT o_balance bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  t top_ups%ROWTYPE;
  leg record;
BEGIN
  UPDATE top_ups SET status = p_status, bank_reference = p_bank_reference, card_pan = p_card_pan,
         failure_reason = p_reason, completed_at = now(),
         transfer_id = CASE WHEN p_status = 'SUCCEEDED' THEN p_transfer END
   WHERE id = p_top_up AND status = 'PENDING'
  RETURNING * INTO t;
  IF NOT FOUND THEN
    SELECT false, x.status, x.user_id INTO o_changed, o_status, o_user FROM top_ups x WHERE x.id = p_top_up;
    RETURN;
  END IF;
  o_changed := true; o_status := t.status; o_user := t.user_id;
  IF p_status = 'SUCCEEDED' THEN
    SELECT * INTO leg FROM post_transfer(p_transfer, p_transfer, 'TOP_UP', t.id, p_tracking, t.amount,
                                         NULL, 'GATEWAY_CLEARING:' || t.gateway, p_shard, t.user_id, NULL, NULL);
    o_seq := leg.o_seq; o_wallet := leg.o_credit_account; o_balance := leg.o_credit_balance;
  END IF;
END $$
