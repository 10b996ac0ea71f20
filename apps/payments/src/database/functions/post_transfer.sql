-- One leg of the double-entry ledger: debit one account, credit another.
-- A wallet is named by its user (debited only if it can afford it, PY001
-- INSUFFICIENT_FUNDS otherwise; created when first credited); a platform
-- account by code and shard (created on first use). Rows are locked in one
-- global order (wallets by user id, then platform accounts by code) so that
-- concurrent legs never deadlock. Keeps the search_path it was created with
-- (the service's schema), so it works whoever calls it.
CREATE OR REPLACE FUNCTION post_transfer(
  p_id uuid, p_batch uuid, p_kind text, p_ref uuid, p_tracking text, p_amount bigint,
  p_debit_user uuid, p_debit_code text, p_debit_shard int,
  p_credit_user uuid, p_credit_code text, p_credit_shard int,
  p_reverses uuid DEFAULT NULL,
  OUT o_seq bigint, OUT o_created_at timestamptz,
  OUT o_debit_account uuid, OUT o_debit_balance bigint,
  OUT o_credit_account uuid, OUT o_credit_balance bigint)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  debit_key text := CASE WHEN p_debit_user IS NOT NULL THEN '0' || p_debit_user ELSE '1' || p_debit_code || ':' || p_debit_shard END;
  credit_key text := CASE WHEN p_credit_user IS NOT NULL THEN '0' || p_credit_user ELSE '1' || p_credit_code || ':' || p_credit_shard END;
  step int;
BEGIN
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'a transfer moves a positive amount' USING ERRCODE = 'check_violation';
  END IF;
  FOR step IN 1..2 LOOP
    IF (step = 1) = (debit_key < credit_key) THEN
      IF p_debit_user IS NOT NULL THEN
        UPDATE accounts a SET balance = a.balance - p_amount
         WHERE a.user_id = p_debit_user AND a.balance >= p_amount
        RETURNING a.id, a.balance INTO o_debit_account, o_debit_balance;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'INSUFFICIENT_FUNDS' USING ERRCODE = 'PY001';
        END IF;
      ELSE
        INSERT INTO accounts AS a (kind, code, shard, balance) VALUES ('PLATFORM', p_debit_code, p_debit_shard, -p_amount)
        ON CONFLICT (code, shard) DO UPDATE SET balance = a.balance + EXCLUDED.balance
        RETURNING a.id, a.balance INTO o_debit_account, o_debit_balance;
      END IF;
    ELSE
      IF p_credit_user IS NOT NULL THEN
        INSERT INTO accounts AS a (kind, user_id, balance) VALUES ('WALLET', p_credit_user, p_amount)
        ON CONFLICT (user_id) DO UPDATE SET balance = a.balance + EXCLUDED.balance
        RETURNING a.id, a.balance INTO o_credit_account, o_credit_balance;
      ELSE
        INSERT INTO accounts AS a (kind, code, shard, balance) VALUES ('PLATFORM', p_credit_code, p_credit_shard, p_amount)
        ON CONFLICT (code, shard) DO UPDATE SET balance = a.balance + EXCLUDED.balance
        RETURNING a.id, a.balance INTO o_credit_account, o_credit_balance;
      END IF;
    END IF;
  END LOOP;
  INSERT INTO transfers AS t (id, batch_id, kind, debit_account_id, credit_account_id, amount,
                              debit_balance_after, credit_balance_after, ref_id, reverses_id, tracking_code)
  VALUES (p_id, p_batch, p_kind, o_debit_account, o_credit_account, p_amount,
          o_debit_balance, o_credit_balance, p_ref, p_reverses, p_tracking)
  RETURNING t.seq, t.created_at INTO o_seq, o_created_at;
END $$
