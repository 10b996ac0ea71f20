-- Several sends in one transaction (one round trip, one commit): how the
-- service stores messages (sends that arrive while earlier ones are being
-- stored ride one batch, see SendBatcher). Set-based on purpose: a fixed
-- handful of statements whatever the batch size, where post_message per
-- item cost several statements per message (measured in bench/messaging:
-- statement overhead, not the rows, dominated).
--
-- p_items: a JSON array of {i, conversation_id, sender_id, kind, client_id,
-- text, search_doc, reply_to_id, forwarded_from_id, ref_id}; one row comes
-- back per item, as idx = i, in order of i.
--
-- p_check_stored: look for each item's clientId among the stored messages
-- first. false skips that look-up: a reused clientId then fails the call
-- with unique_violation (the clientId index) and nothing is stored, and the
-- caller calls again with true (SendBatcher). Why: messages is partitioned
-- by conversation, and in the statement's generic plan a look-up keyed by an
-- item's conversation opens and sets up every partition and its index on
-- each call before pruning to one (bench/README.md, "Peers": a third of
-- PostgreSQL's CPU for a lone send). Retried sends are rare; the same
-- applies to replies, looked up only when an item is one.
--
-- All conversations are locked first, in id order, then every recipient's
-- stream, in user order, so batches sharing conversations or users wait for
-- each other instead of deadlocking. Under those locks nobody else can
-- store into these conversations, so checking for a reused clientId before
-- the insert (p_check_stored) is exact; the unique index guards it always
-- (a violation aborts the call, see p_check_stored). Seqs run
-- on from last_seq in the order items were received, skipping no number:
-- only items that are stored take one. The same clientId twice in one batch:
-- the first is stored, the others get it back as 'duplicate'.
--
-- Per item status: ok, duplicate, not_found, former, reply_not_found (as
-- post_message).
CREATE OR REPLACE FUNCTION post_messages(p_items jsonb, p_check_stored boolean)
RETURNS TABLE (idx integer, status text, message_id uuid, seq integer, created_at timestamptz, recipients uuid[], positions bigint[])
LANGUAGE plpgsql
-- Planning the statement below costs more than running it; the plan does
-- not depend on the items (measured: 5-10x the CPU per message when the
-- plan cache kept choosing fresh custom plans).
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_convs uuid[];
  -- Items whose clientId is stored already (p_check_stored): item, message id, seq, created_at.
  v_dup_i integer[];
  v_dup_id uuid[];
  v_dup_seq integer[];
  v_dup_at timestamptz[];
  -- Items whose replyToId names a message of their conversation.
  v_reply_ok integer[] := '{}';
BEGIN
  SELECT array_agg(DISTINCT (x->>'conversation_id')::uuid) INTO v_convs FROM jsonb_array_elements(p_items) x;
  PERFORM 1 FROM conversations c WHERE c.id = ANY(v_convs) ORDER BY c.id FOR NO KEY UPDATE;
  PERFORM lock_streams(ARRAY(SELECT m.user_id FROM members m WHERE m.conversation_id = ANY(v_convs) AND m.left_at IS NULL));
  IF p_check_stored THEN
    SELECT array_agg(x.i), array_agg(e.id), array_agg(e.seq), array_agg(e.created_at) INTO v_dup_i, v_dup_id, v_dup_seq, v_dup_at
      FROM jsonb_to_recordset(p_items) AS x(i integer, conversation_id uuid, sender_id uuid, client_id text)
      JOIN LATERAL (SELECT e.id, e.seq, e.created_at FROM messages e
        WHERE e.conversation_id = x.conversation_id AND e.sender_id = x.sender_id AND e.client_id = x.client_id LIMIT 1) e ON true;
  END IF;
  IF jsonb_path_exists(p_items, '$[*] ? (@.reply_to_id != null)') THEN
    SELECT coalesce(array_agg(x.i), '{}') INTO v_reply_ok
      FROM jsonb_to_recordset(p_items) AS x(i integer, conversation_id uuid, reply_to_id uuid)
     WHERE EXISTS (SELECT 1 FROM messages r WHERE r.id = x.reply_to_id AND r.conversation_id = x.conversation_id AND r.kind <> 'SYSTEM');
  END IF;
  RETURN QUERY
  WITH items AS (
    SELECT x.* FROM jsonb_to_recordset(p_items) AS x(i integer, conversation_id uuid, sender_id uuid, kind text, client_id text,
      text text, search_doc text, reply_to_id uuid, forwarded_from_id uuid, ref_id text)
  ), checked AS (
    -- One index probe per item: LIMIT keeps each LATERAL from being flattened into a join,
    -- which the planner (guessing 100 items) turned into scans of members and messages.
    SELECT it.*, c.last_seq, e.id AS existing_id, e.seq AS existing_seq, e.created_at AS existing_at,
      CASE
        WHEN c.id IS NULL OR (it.sender_id IS NOT NULL AND s.user_id IS NULL) THEN 'not_found'
        WHEN it.sender_id IS NOT NULL AND s.left_at IS NOT NULL THEN 'former'
        WHEN it.reply_to_id IS NOT NULL AND NOT it.i = ANY(v_reply_ok) THEN 'reply_not_found'
        WHEN e.id IS NOT NULL THEN 'duplicate'
        ELSE 'ok'
      END AS st0
    FROM items it
    LEFT JOIN LATERAL (SELECT c.id, c.last_seq FROM conversations c WHERE c.id = it.conversation_id LIMIT 1) c ON true
    LEFT JOIN LATERAL (SELECT s.user_id, s.left_at FROM members s
      WHERE s.conversation_id = it.conversation_id AND s.user_id = it.sender_id LIMIT 1) s ON true
    LEFT JOIN unnest(v_dup_i, v_dup_id, v_dup_seq, v_dup_at) AS e(i, id, seq, created_at) ON e.i = it.i
  ), ranked AS (
    -- The same clientId twice in one batch: the first is stored, the others get it back.
    SELECT ch.*, CASE WHEN ch.st0 = 'ok' AND ch.client_id IS NOT NULL AND row_number() OVER (
        PARTITION BY ch.st0, ch.conversation_id, ch.sender_id, ch.client_id ORDER BY ch.i) > 1 THEN 'repeat' ELSE ch.st0 END AS st
      FROM checked ch
  ), numbered AS (
    SELECT ch.*, ch.last_seq + row_number() OVER (PARTITION BY ch.conversation_id ORDER BY ch.i)::integer AS new_seq
      FROM ranked ch WHERE ch.st = 'ok'
  ), inserted AS (
    INSERT INTO messages AS m (conversation_id, seq, kind, sender_id, client_id, text, search_doc, reply_to_id, forwarded_from_id, ref_id)
    SELECT n.conversation_id, n.new_seq, n.kind, n.sender_id, n.client_id, n.text, n.search_doc, n.reply_to_id, n.forwarded_from_id, n.ref_id
      FROM numbered n ORDER BY n.i
    RETURNING m.id, m.conversation_id, m.seq, m.created_at
  ), stored AS (
    SELECT n.i, n.sender_id, n.client_id, ins.* FROM inserted ins
      JOIN numbered n ON n.conversation_id = ins.conversation_id AND n.new_seq = ins.seq
  ), bumped AS (
    UPDATE conversations c SET last_seq = b.last_seq, last_activity_at = b.last_at
      FROM (SELECT st.conversation_id, max(st.seq) AS last_seq, max(st.created_at) AS last_at FROM stored st GROUP BY st.conversation_id) b
     WHERE c.id = b.conversation_id
  ), fan AS (
    SELECT st.i, st.id AS message_id, st.conversation_id, mb.user_id,
           row_number() OVER (PARTITION BY mb.user_id ORDER BY st.i) AS k
      FROM stored st JOIN members mb ON mb.conversation_id = st.conversation_id AND mb.left_at IS NULL
  ), heads AS (
    SELECT u.user_id, coalesce((SELECT max(x.pos) FROM updates x WHERE x.user_id = u.user_id), 0) AS head
      FROM (SELECT DISTINCT f.user_id FROM fan f) u
  ), added AS (
    INSERT INTO updates AS u (user_id, pos, type, conversation_id, message_id)
    SELECT f.user_id, h.head + f.k, 'MessageAdded', f.conversation_id, f.message_id FROM fan f JOIN heads h ON h.user_id = f.user_id
    RETURNING u.user_id, u.pos, u.message_id
  ), delivered AS MATERIALIZED (
    SELECT a.message_id, array_agg(a.user_id ORDER BY a.user_id) AS recipients, array_agg(a.pos ORDER BY a.user_id) AS positions
      FROM added a GROUP BY a.message_id
  )
  SELECT ch.i,
         CASE WHEN ch.st = 'repeat' THEN 'duplicate' ELSE ch.st END,
         coalesce(st.id, ch.existing_id, fst.id),
         coalesce(st.seq, ch.existing_seq, fst.seq),
         coalesce(st.created_at, ch.existing_at, fst.created_at),
         d.recipients, d.positions
    FROM ranked ch
    LEFT JOIN stored st ON st.i = ch.i
    LEFT JOIN delivered d ON d.message_id = st.id
    LEFT JOIN LATERAL (SELECT s2.id, s2.seq, s2.created_at FROM stored s2
      WHERE ch.st = 'repeat' AND s2.conversation_id = ch.conversation_id AND s2.sender_id = ch.sender_id AND s2.client_id = ch.client_id
      ORDER BY s2.i LIMIT 1) fst ON true
   ORDER BY ch.i;
END $$;
