import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every money movement is one call to a server-side function: one round
 * trip, one transaction, nothing read in the application and written back.
 * Each function keeps the search_path it was created with (the service's
 * schema), so it works whoever calls it.
 * Failures raise with our own SQLSTATEs, which roll the whole call back:
 *   PY001 INSUFFICIENT_FUNDS, PY002 IDEMPOTENCY_CONFLICT, PY003 BILL_ALREADY_PAID, PY004 DAILY_LIMIT.
 */
export class LedgerFunctions1764400000001 implements MigrationInterface {
  name = 'LedgerFunctions1764400000001';

  async up(q: QueryRunner): Promise<void> {
    // One leg: debit one account, credit another. A wallet is named by its
    // user (debited only if it can afford it, created when first credited); a
    // platform account by code and shard (created on first use). Rows are
    // locked in one global order (wallets by user id, then platform accounts
    // by code) so that concurrent legs never deadlock.
    await q.query(`
      CREATE FUNCTION post_transfer(
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
      END $$`);

    // Claims an idempotency key for this call; returns the record it already
    // names when the key was used with the same arguments, raises when not.
    await q.query(`
      CREATE FUNCTION claim_idempotency_key(p_user uuid, p_key text, p_operation text, p_args_hash text, p_ref uuid)
      RETURNS uuid LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        existing idempotency_keys%ROWTYPE;
      BEGIN
        INSERT INTO idempotency_keys (user_id, key, operation, args_hash, ref_id)
        VALUES (p_user, p_key, p_operation, p_args_hash, p_ref)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN RETURN NULL; END IF;
        SELECT * INTO existing FROM idempotency_keys k WHERE k.user_id = p_user AND k.key = p_key;
        IF existing.args_hash <> p_args_hash OR existing.operation <> p_operation THEN
          RAISE EXCEPTION 'IDEMPOTENCY_CONFLICT' USING ERRCODE = 'PY002';
        END IF;
        RETURN existing.ref_id;
      END $$`);

    await q.query(`
      CREATE FUNCTION transfer_money(
        p_id uuid, p_from uuid, p_to uuid, p_amount bigint, p_note text, p_conversation uuid,
        p_key text, p_args_hash text, p_tracking text, p_daily_limit bigint, p_event jsonb,
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
        VALUES (p_event->>'eventId', 'payments.transfer.completed.v1',
                p_event || jsonb_build_object('createdAt', to_char(leg.o_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
        o_seq := leg.o_seq; o_created_at := leg.o_created_at;
        o_from_wallet := leg.o_debit_account; o_from_balance := leg.o_debit_balance;
        o_to_wallet := leg.o_credit_account; o_to_balance := leg.o_credit_balance;
      END $$`);

    await q.query(`
      CREATE FUNCTION pay_bill(
        p_id uuid, p_user uuid, p_key text, p_args_hash text, p_bill text, p_payment text, p_type text,
        p_company text, p_amount bigint, p_tracking text, p_shard int, p_conversation uuid, p_event jsonb,
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
          VALUES (p_event->>'eventId', 'payments.bill.paid.v1',
                  p_event || jsonb_build_object('createdAt', to_char(leg.o_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
        END IF;
        o_seq := leg.o_seq; o_paid_at := leg.o_created_at; o_wallet := leg.o_debit_account; o_balance := leg.o_debit_balance;
      END $$`);

    // Settles a top-up once: a compare-and-set from PENDING, and on success the
    // credit, with an id derived from the top-up, in the same transaction. The
    // amount credited is ours, never the caller's.
    await q.query(`
      CREATE FUNCTION settle_top_up(
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
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION settle_top_up, pay_bill, transfer_money, claim_idempotency_key, post_transfer`);
  }
}
