-- Takes the update-stream lock of each user, for the rest of the transaction.
--
-- Why a per-user position taken under a per-user lock (and not a global
-- sequence): a sequence hands out numbers in one order and transactions
-- commit in another, so a reader that saw position 7 could later miss a 6
-- that committed late. Here each recipient's stream lock is held until the
-- writing transaction commits, and the position is max + 1 read after
-- taking it, so for each user positions become visible strictly in order and
-- without gaps: seeing N proves 1..N-1 are committed. Readers need no
-- watermark, and a live reader that receives N+2 after N knows exactly that
-- N+1 exists and can read it back.
--
-- The stream lock is a transaction-scoped advisory lock on the user (class
-- 1838, key hashtext(user id)): it writes nothing, where a counter row would
-- cost a tuple lock and an update, with their WAL, per recipient per message
-- (measured in bench/messaging). Two users sharing a key only wait for each
-- other. Keys are taken in ascending order, so transactions fanning out to
-- overlapping users never deadlock; every writer takes its entity lock
-- (conversation, member or message row) first and the stream locks last.
CREATE OR REPLACE FUNCTION lock_streams(p_users uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- The subquery's order is the order the locks are taken in.
  PERFORM pg_advisory_xact_lock(1838, k.key)
    FROM (SELECT DISTINCT hashtext(u::text) AS key FROM unnest(p_users) u ORDER BY 1) k;
END $$;
