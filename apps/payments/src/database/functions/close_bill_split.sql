-- Cancels a COLLECTING split whose row the caller has locked: every share
-- paid in goes back to its payer, one BILL_SHARE_RETURNED transfer each
-- (tracking codes from p_trackings, in the order of the payers' ids, which is
-- also the ledger's lock order), and the split is CANCELLED with p_reason
-- (CANCELLED, EXPIRED or PAID_ELSEWHERE). Returns the wallets it credited.
CREATE OR REPLACE FUNCTION close_bill_split(p_split uuid, p_reason text, p_trackings text[], p_subject text)
RETURNS jsonb LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  s bill_splits%ROWTYPE;
  share record;
  leg record;
  v_id uuid;
  i int := 0;
  changes jsonb := '[]'::jsonb;
BEGIN
  SELECT * INTO s FROM bill_splits WHERE id = p_split FOR UPDATE;
  IF s.status <> 'COLLECTING' THEN RAISE EXCEPTION 'ALREADY_CLOSED' USING ERRCODE = 'PYM01'; END IF;
  FOR share IN SELECT * FROM bill_shares WHERE split_id = p_split AND paid_at IS NOT NULL AND returned_transfer_id IS NULL
                ORDER BY user_id LOOP
    i := i + 1;
    IF i > coalesce(array_length(p_trackings, 1), 0) THEN
      RAISE EXCEPTION 'not enough tracking codes' USING ERRCODE = 'check_violation';
    END IF;
    v_id := gen_random_uuid();
    SELECT * INTO leg FROM post_transfer(v_id, v_id, 'BILL_SHARE_RETURNED', p_split, p_trackings[i], share.amount,
                                         NULL, 'BILL_SPLIT:' || p_split, 0, share.user_id, NULL, NULL);
    UPDATE bill_shares SET returned_transfer_id = v_id WHERE split_id = p_split AND user_id = share.user_id;
    changes := changes || jsonb_build_object('userId', share.user_id, 'walletId', leg.o_credit_account,
                                             'balance', leg.o_credit_balance::text, 'version', leg.o_seq::text);
  END LOOP;
  UPDATE bill_splits SET status = 'CANCELLED', close_reason = p_reason, closed_at = now(), version = version + 1
   WHERE id = p_split;
  PERFORM chat_money_event(p_subject, 'BILL_SPLIT', s.id, s.conversation_id, s.created_by, s.version + 1);
  RETURN changes;
END $$
