/**
 * ledger:verify's checks of money in chats (see ledger/ledger-verify.ts):
 * each as [what is wrong, SQL returning the offending rows].
 */
export const CHAT_MONEY_CHECKS: Array<[name: string, sql: string]> = [
  [
    'bill split account differs from its shares',
    `
    SELECT s.id, s.status, coalesce(a.balance, 0) AS balance, coalesce(sum(sh.amount) FILTER (
             WHERE sh.paid_at IS NOT NULL AND sh.returned_transfer_id IS NULL), 0) AS held
      FROM bill_splits s
      LEFT JOIN accounts a ON a.code = 'BILL_SPLIT:' || s.id AND a.shard = 0
      LEFT JOIN bill_shares sh ON sh.split_id = s.id
     GROUP BY s.id, s.status, a.balance
    HAVING coalesce(a.balance, 0) <> CASE WHEN s.status = 'COLLECTING' THEN coalesce(sum(sh.amount) FILTER (
             WHERE sh.paid_at IS NOT NULL AND sh.returned_transfer_id IS NULL), 0) ELSE 0 END`,
  ],
  [
    'bill split in a state its shares contradict',
    `
    SELECT s.id, s.status FROM bill_splits s
     WHERE (s.status = 'PAID' AND EXISTS (SELECT 1 FROM bill_shares sh WHERE sh.split_id = s.id
              AND (sh.paid_at IS NULL OR sh.returned_transfer_id IS NOT NULL)))
        OR (s.status = 'CANCELLED' AND EXISTS (SELECT 1 FROM bill_shares sh WHERE sh.split_id = s.id
              AND sh.paid_at IS NOT NULL AND sh.returned_transfer_id IS NULL))
        OR (s.status = 'PAID' AND NOT EXISTS (SELECT 1 FROM bill_payments bp WHERE bp.id = s.bill_payment_id
              AND bp.split_id = s.id AND bp.amount = s.amount))
        OR s.amount <> (SELECT sum(sh.amount) FROM bill_shares sh WHERE sh.split_id = s.id)`,
  ],
  [
    'bill share and its transfers disagree',
    `
    SELECT sh.split_id, sh.user_id FROM bill_shares sh
      LEFT JOIN transfers t ON t.id = sh.transfer_id
      LEFT JOIN accounts w ON w.id = t.debit_account_id
      LEFT JOIN accounts sa ON sa.id = t.credit_account_id
      LEFT JOIN transfers r ON r.id = sh.returned_transfer_id
      LEFT JOIN accounts rs ON rs.id = r.debit_account_id
      LEFT JOIN accounts rw ON rw.id = r.credit_account_id
     WHERE (sh.transfer_id IS NOT NULL AND (t.id IS NULL OR t.kind <> 'BILL_SHARE' OR t.amount <> sh.amount
              OR w.user_id IS DISTINCT FROM sh.user_id OR sa.code IS DISTINCT FROM 'BILL_SPLIT:' || sh.split_id))
        OR (sh.returned_transfer_id IS NOT NULL AND (r.id IS NULL OR r.kind <> 'BILL_SHARE_RETURNED' OR r.amount <> sh.amount
              OR rw.user_id IS DISTINCT FROM sh.user_id OR rs.code IS DISTINCT FROM 'BILL_SPLIT:' || sh.split_id))`,
  ],
  [
    'BILL_SHARE or BILL_SHARE_RETURNED transfer without its share',
    `
    SELECT t.id, t.kind FROM transfers t
     WHERE (t.kind = 'BILL_SHARE' AND NOT EXISTS (SELECT 1 FROM bill_shares sh WHERE sh.transfer_id = t.id))
        OR (t.kind = 'BILL_SHARE_RETURNED' AND NOT EXISTS (SELECT 1 FROM bill_shares sh WHERE sh.returned_transfer_id = t.id))`,
  ],
  [
    'money request and its payment disagree',
    `
    SELECT mr.id, mr.status FROM money_requests mr
      LEFT JOIN payment_transfers pt ON pt.id = mr.transfer_id
     WHERE (mr.status = 'PAID') <> (pt.id IS NOT NULL)
        OR (pt.id IS NOT NULL AND (pt.amount <> mr.amount OR pt.from_user_id <> mr.paid_by OR pt.to_user_id <> mr.requester_id))`,
  ],
];
