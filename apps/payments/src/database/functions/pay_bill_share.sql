-- Pays the user's share of a split into the split's own ledger account, in
-- one transaction: the key claimed (a replay returns o_replay_of), the split
-- locked and COLLECTING (PYM01 ALREADY_CLOSED), the share the user's (PYM02;
-- one already paid changes nothing). If the bill was paid some other way,
-- the split is cancelled instead and every share goes back. Otherwise one
-- BILL_SHARE transfer; when it was the last share, the bill is paid once from
-- the split into its type's payable shard and the split is PAID (should the
-- bill have been paid meanwhile after all, everything goes back instead).
-- p_trackings: [share, bill payment, returns…]. o_changes: wallets changed.
CREATE OR REPLACE FUNCTION pay_bill_share(
  p_split uuid, p_user uuid, p_share_transfer uuid, p_bill_payment uuid, p_key text, p_args_hash text,
  p_trackings text[], p_shard int, p_subject text,
  OUT o_replay_of uuid, OUT o_changes jsonb)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  s bill_splits%ROWTYPE;
  sh bill_shares%ROWTYPE;
  leg record;
BEGIN
  o_changes := '[]'::jsonb;
  o_replay_of := claim_idempotency_key(p_user, p_key, 'payBillShare', p_args_hash, p_split);
  IF o_replay_of IS NOT NULL THEN RETURN; END IF;
  SELECT * INTO s FROM bill_splits WHERE id = p_split FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'NOT_FOUND' USING ERRCODE = 'PYM03'; END IF;
  IF s.status <> 'COLLECTING' THEN RAISE EXCEPTION 'ALREADY_CLOSED' USING ERRCODE = 'PYM01'; END IF;
  SELECT * INTO sh FROM bill_shares WHERE split_id = p_split AND user_id = p_user;
  IF NOT FOUND THEN RAISE EXCEPTION 'NOT_A_SHARER' USING ERRCODE = 'PYM02'; END IF;
  IF sh.paid_at IS NOT NULL THEN RETURN; END IF;
  IF EXISTS (SELECT 1 FROM bill_payments WHERE bill_id = s.bill_id AND payment_id = s.payment_id) THEN
    o_changes := close_bill_split(p_split, 'PAID_ELSEWHERE', p_trackings[3:], p_subject);
    RETURN;
  END IF;
  SELECT * INTO leg FROM post_transfer(p_share_transfer, p_share_transfer, 'BILL_SHARE', p_split, p_trackings[1], sh.amount,
                                       p_user, NULL, NULL, NULL, 'BILL_SPLIT:' || p_split, 0);
  UPDATE bill_shares SET paid_at = leg.o_created_at, transfer_id = p_share_transfer WHERE split_id = p_split AND user_id = p_user;
  o_changes := jsonb_build_array(jsonb_build_object('userId', p_user, 'walletId', leg.o_debit_account,
                                                    'balance', leg.o_debit_balance::text, 'version', leg.o_seq::text));
  IF EXISTS (SELECT 1 FROM bill_shares WHERE split_id = p_split AND paid_at IS NULL) THEN
    UPDATE bill_splits SET version = version + 1 WHERE id = p_split;
    PERFORM chat_money_event(p_subject, 'BILL_SPLIT', s.id, s.conversation_id, s.created_by, s.version + 1);
    RETURN;
  END IF;
  INSERT INTO bill_payments (id, user_id, bill_id, payment_id, bill_type, company_code, amount, tracking_code, conversation_id, split_id)
  VALUES (p_bill_payment, s.created_by, s.bill_id, s.payment_id, s.bill_type, s.company_code, s.amount, p_trackings[2],
          s.conversation_id, p_split)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    o_changes := o_changes || close_bill_split(p_split, 'PAID_ELSEWHERE', p_trackings[3:], p_subject);
    RETURN;
  END IF;
  PERFORM post_transfer(p_bill_payment, p_bill_payment, 'BILL_PAYMENT', p_bill_payment, p_trackings[2], s.amount,
                        NULL, 'BILL_SPLIT:' || p_split, 0, NULL, 'BILL_PAYABLE:' || s.bill_type, p_shard);
  UPDATE bill_splits SET status = 'PAID', bill_payment_id = p_bill_payment, closed_at = now(), version = version + 1
   WHERE id = p_split;
  PERFORM chat_money_event(p_subject, 'BILL_SPLIT', s.id, s.conversation_id, s.created_by, s.version + 1);
END $$
