/**
 * ledger:verify's checks of payouts (run with the rest in ledger/ledger-verify.ts):
 * every payout has exactly the ledger entries its status says, and what the
 * PAYOUT_PENDING accounts hold is exactly what pending payouts hold.
 */
export const PAYOUT_CHECKS: Array<[name: string, sql: string]> = [
  [
    'payout and its hold disagree',
    `
    SELECT po.id FROM payouts po
      LEFT JOIN transfers t ON t.id = po.id AND t.kind = 'PAYOUT'
      LEFT JOIN accounts w ON w.id = t.debit_account_id
      LEFT JOIN accounts p ON p.id = t.credit_account_id
     WHERE t.id IS NULL OR t.amount <> po.amount + po.fee OR w.user_id IS DISTINCT FROM po.user_id
        OR p.code IS DISTINCT FROM 'PAYOUT_PENDING' OR t.tracking_code <> po.tracking_code`,
  ],
  [
    'payout status and its settlement or return disagree',
    `
    SELECT po.id, po.status, coalesce(s.n, 0) AS settled_legs, coalesce(s.total, 0) AS settled,
           coalesce(r.n, 0) AS returns, coalesce(r.total, 0) AS returned
      FROM payouts po
      LEFT JOIN LATERAL (SELECT count(*) AS n, sum(t.amount) AS total FROM transfers t
                          WHERE t.ref_id = po.id AND t.kind = 'PAYOUT_SETTLED') s ON true
      LEFT JOIN LATERAL (SELECT count(*) AS n, sum(t.amount) AS total, bool_and(a.user_id = po.user_id) AS to_owner
                           FROM transfers t JOIN accounts a ON a.id = t.credit_account_id
                          WHERE t.ref_id = po.id AND t.kind = 'PAYOUT_RETURNED') r ON true
     WHERE CASE po.status
             WHEN 'PENDING' THEN coalesce(s.n, 0) + coalesce(r.n, 0) <> 0
             WHEN 'SUCCEEDED' THEN coalesce(r.n, 0) <> 0 OR coalesce(s.total, 0) <> po.amount + po.fee
                                   OR s.n <> CASE WHEN po.fee > 0 THEN 2 ELSE 1 END
             ELSE coalesce(s.n, 0) <> 0 OR r.n <> 1 OR r.total <> po.amount + po.fee OR NOT r.to_owner
           END`,
  ],
  [
    'PAYOUT transfer without its payout',
    `
    SELECT t.id, t.kind FROM transfers t
     WHERE t.kind IN ('PAYOUT', 'PAYOUT_SETTLED', 'PAYOUT_RETURNED') AND NOT EXISTS (SELECT 1 FROM payouts po WHERE po.id = t.ref_id)`,
  ],
  [
    'PAYOUT_PENDING differs from the pending payouts',
    `
    SELECT held, pending FROM
      (SELECT coalesce(sum(balance), 0) AS held FROM accounts WHERE code = 'PAYOUT_PENDING') a,
      (SELECT coalesce(sum(amount + fee), 0) AS pending FROM payouts WHERE status = 'PENDING') p
     WHERE held <> pending`,
  ],
];
