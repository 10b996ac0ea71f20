/**
 * The SQL functions of migration 1764380000002 (kept beside it, and like it
 * never edited once released: a change is a new migration).
 */

/**
 * Appends one update to each recipient's stream and returns the positions.
 *
 * Why a per-user position taken under a per-user lock (and not a global
 * sequence): a sequence hands out numbers in one order and transactions
 * commit in another, so a reader that saw position 7 could later miss a 6
 * that committed late. Here each recipient's stream lock is held until the
 * writing transaction commits, and the position is max + 1 read after
 * taking it, so for each user positions become visible strictly in order and
 * without gaps: seeing N proves 1..N-1 are committed. Readers need no
 * watermark, and a live reader that receives N+2 after N knows exactly that
 * N+1 exists and can read it back.
 *
 * The stream lock is a transaction-scoped advisory lock on the user (class
 * 1838, key hashtext(user id)): it writes nothing, where a counter row would
 * cost a tuple lock and an update, with their WAL, per recipient per message
 * (measured in bench/messaging). Two users sharing a key only wait for each
 * other. Keys are taken in ascending order, so transactions fanning out to
 * overlapping users never deadlock; every writer takes its entity lock
 * (conversation, member or message row) first and the stream locks last.
 * A user's newest update row must never be deleted (pruning keeps the
 * maximum), or positions would repeat.
 */
export const FAN_OUT = `
  CREATE FUNCTION lock_streams(p_users uuid[]) RETURNS void
  LANGUAGE plpgsql AS $$
  BEGIN
    -- The subquery's order is the order the locks are taken in.
    PERFORM pg_advisory_xact_lock(1838, k.key)
      FROM (SELECT DISTINCT hashtext(u::text) AS key FROM unnest(p_users) u ORDER BY 1) k;
  END $$;

  CREATE FUNCTION fan_out(p_users uuid[], p_type text, p_conv uuid, p_message uuid, p_data jsonb)
  RETURNS TABLE (recipient uuid, stream_pos bigint)
  LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM lock_streams(p_users);
    RETURN QUERY
      INSERT INTO updates AS u (user_id, pos, type, conversation_id, message_id, data)
      SELECT r.user_id, coalesce((SELECT max(x.pos) FROM updates x WHERE x.user_id = r.user_id), 0) + 1,
             p_type, p_conv, p_message, p_data
        FROM (SELECT DISTINCT t.user_id FROM unnest(p_users) AS t(user_id)) r
      RETURNING u.user_id, u.pos;
  END $$`;

/**
 * Stores a message and its MessageAdded updates in one round trip.
 *
 * The conversation row is locked first: it serialises the senders of this
 * conversation only (other conversations proceed in parallel), and under it
 * seq = last_seq + 1 cannot repeat or skip, whichever copy of the service
 * runs the call. The clientId is enforced by the unique index: INSERT … ON
 * CONFLICT DO NOTHING, and when nothing was inserted the first message is
 * returned (status 'duplicate'), with no seq taken.
 * Statuses: ok, duplicate, not_found (not a member or no such conversation),
 * former (a member who left or was removed), reply_not_found.
 */
export const POST_MESSAGE = `
  CREATE FUNCTION post_message(
    p_conv uuid, p_sender uuid, p_kind text, p_client_id text, p_text text, p_search_doc text,
    p_reply_to uuid, p_forwarded_from uuid, p_ref_id text, p_extra_recipients uuid[], p_streams_locked boolean DEFAULT false)
  RETURNS TABLE (status text, message_id uuid, seq integer, created_at timestamptz, recipients uuid[], positions bigint[])
  LANGUAGE plpgsql AS $$
  DECLARE
    v_seq integer;
    v_member boolean;
    v_left timestamptz;
    v_users uuid[];
    v_id uuid;
    v_created timestamptz;
    v_recipients uuid[];
    v_positions bigint[];
  BEGIN
    -- Few statements on purpose: each costs more than the work it carries (bench/messaging).
    SELECT c.last_seq + 1,
           EXISTS (SELECT 1 FROM members s WHERE s.conversation_id = c.id AND s.user_id = p_sender),
           (SELECT s.left_at FROM members s WHERE s.conversation_id = c.id AND s.user_id = p_sender),
           ARRAY(SELECT m.user_id FROM members m WHERE m.conversation_id = c.id AND m.left_at IS NULL)
      INTO v_seq, v_member, v_left, v_users
      FROM conversations c WHERE c.id = p_conv FOR NO KEY UPDATE OF c;
    IF v_seq IS NULL OR (p_sender IS NOT NULL AND NOT v_member) THEN
      RETURN QUERY SELECT 'not_found'::text, NULL::uuid, NULL::integer, NULL::timestamptz, NULL::uuid[], NULL::bigint[];
      RETURN;
    END IF;
    IF p_sender IS NOT NULL AND v_left IS NOT NULL THEN
      RETURN QUERY SELECT 'former'::text, NULL::uuid, NULL::integer, NULL::timestamptz, NULL::uuid[], NULL::bigint[];
      RETURN;
    END IF;
    IF p_reply_to IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM messages r WHERE r.id = p_reply_to AND r.conversation_id = p_conv AND r.kind <> 'SYSTEM'
    ) THEN
      RETURN QUERY SELECT 'reply_not_found'::text, NULL::uuid, NULL::integer, NULL::timestamptz, NULL::uuid[], NULL::bigint[];
      RETURN;
    END IF;

    INSERT INTO messages AS m (conversation_id, seq, kind, sender_id, client_id, text, search_doc, reply_to_id, forwarded_from_id, ref_id)
    VALUES (p_conv, v_seq, p_kind, p_sender, p_client_id, p_text, p_search_doc, p_reply_to, p_forwarded_from, p_ref_id)
    ON CONFLICT (conversation_id, sender_id, client_id) DO NOTHING
    RETURNING m.id, m.created_at INTO v_id, v_created;
    IF v_id IS NULL THEN
      RETURN QUERY SELECT 'duplicate'::text, m.id, m.seq, m.created_at, NULL::uuid[], NULL::bigint[]
        FROM messages m WHERE m.conversation_id = p_conv AND m.sender_id = p_sender AND m.client_id = p_client_id;
      RETURN;
    END IF;

    UPDATE conversations c SET last_seq = v_seq, last_activity_at = v_created WHERE c.id = p_conv;

    -- fan_out, inlined: the MessageAdded update of every current member (and the extra recipients).
    v_users := v_users || coalesce(p_extra_recipients, '{}');
    IF NOT p_streams_locked THEN
      PERFORM lock_streams(v_users);
    END IF;
    WITH added AS (
      INSERT INTO updates AS u (user_id, pos, type, conversation_id, message_id)
      SELECT r.user_id, coalesce((SELECT max(x.pos) FROM updates x WHERE x.user_id = r.user_id), 0) + 1, 'MessageAdded', p_conv, v_id
        FROM (SELECT DISTINCT t.user_id FROM unnest(v_users) AS t(user_id)) r
      RETURNING u.user_id, u.pos
    )
    SELECT array_agg(a.user_id), array_agg(a.pos) INTO v_recipients, v_positions FROM added a;
    RETURN QUERY SELECT 'ok'::text, v_id, v_seq, v_created, v_recipients, v_positions;
  END $$`;

/**
 * Several sends in one transaction (one round trip, one commit): how the
 * service stores messages (sends that arrive while earlier ones are being
 * stored ride one batch, see SendBatcher). Set-based on purpose: a fixed
 * handful of statements whatever the batch size, where post_message per
 * item cost several statements per message (measured in bench/messaging:
 * statement overhead, not the rows, dominated).
 *
 * All conversations are locked first, in id order, then every recipient's
 * stream, in user order, so batches sharing conversations or users wait for
 * each other instead of deadlocking. Under those locks nobody else can
 * store into these conversations, so checking for a reused clientId before
 * the insert is exact; the unique index still guards it (a violation would
 * abort the batch, which the service then retries item by item). Seqs run
 * on from last_seq in the order items were received, skipping no number:
 * only items that are stored take one. Per item status: ok, duplicate,
 * not_found, former, reply_not_found.
 */
export const POST_MESSAGES = `
  CREATE FUNCTION post_messages(p_items jsonb)
  RETURNS TABLE (idx integer, status text, message_id uuid, seq integer, created_at timestamptz, recipients uuid[], positions bigint[])
  LANGUAGE plpgsql
  -- Planning the statement below costs more than running it; the plan does
  -- not depend on the items (measured: 5-10x the CPU per message when the
  -- plan cache kept choosing fresh custom plans).
  SET plan_cache_mode = force_generic_plan
  AS $$
  DECLARE
    v_convs uuid[];
  BEGIN
    SELECT array_agg(DISTINCT (x->>'conversation_id')::uuid) INTO v_convs FROM jsonb_array_elements(p_items) x;
    PERFORM 1 FROM conversations c WHERE c.id = ANY(v_convs) ORDER BY c.id FOR NO KEY UPDATE;
    PERFORM lock_streams(ARRAY(SELECT m.user_id FROM members m WHERE m.conversation_id = ANY(v_convs) AND m.left_at IS NULL));
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
          WHEN it.reply_to_id IS NOT NULL AND r.id IS NULL THEN 'reply_not_found'
          WHEN e.id IS NOT NULL THEN 'duplicate'
          ELSE 'ok'
        END AS st0
      FROM items it
      LEFT JOIN LATERAL (SELECT c.id, c.last_seq FROM conversations c WHERE c.id = it.conversation_id LIMIT 1) c ON true
      LEFT JOIN LATERAL (SELECT s.user_id, s.left_at FROM members s
        WHERE s.conversation_id = it.conversation_id AND s.user_id = it.sender_id LIMIT 1) s ON true
      LEFT JOIN LATERAL (SELECT r.id FROM messages r
        WHERE r.id = it.reply_to_id AND r.conversation_id = it.conversation_id AND r.kind <> 'SYSTEM' LIMIT 1) r ON true
      LEFT JOIN LATERAL (SELECT e.id, e.seq, e.created_at FROM messages e
        WHERE e.conversation_id = it.conversation_id AND e.sender_id = it.sender_id AND e.client_id = it.client_id LIMIT 1) e ON true
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
  END $$`;

/**
 * Moves a read marker forward (never back) and tells who must know: the
 * reader's own devices, and each other current member whose peerReadSeq (the
 * highest marker of anyone else, former members included) rises because of
 * it. The top two markers among the others give each member's "highest of
 * everyone but me" without a per-member scan.
 * Statuses: ok, unchanged, not_found, former.
 */
export const MARK_READ = `
  CREATE FUNCTION mark_read(p_conv uuid, p_user uuid, p_seq integer)
  RETURNS TABLE (status text, last_read integer, recipients uuid[], positions bigint[])
  LANGUAGE plpgsql AS $$
  DECLARE
    v_old integer;
    v_left timestamptz;
    v_new integer;
    v_top1_user uuid;
    v_top1 integer := 0;
    v_top2 integer := 0;
    v_users uuid[];
  BEGIN
    -- Membership changes hold the conversation FOR UPDATE: wait for them, so
    -- the members told below are the current ones. Senders are not held up.
    PERFORM 1 FROM conversations c WHERE c.id = p_conv FOR KEY SHARE;
    SELECT m.last_read_seq, m.left_at INTO v_old, v_left FROM members m
      WHERE m.conversation_id = p_conv AND m.user_id = p_user FOR UPDATE;
    IF NOT FOUND THEN
      RETURN QUERY SELECT 'not_found'::text, NULL::integer, NULL::uuid[], NULL::bigint[];
      RETURN;
    END IF;
    IF v_left IS NOT NULL THEN
      RETURN QUERY SELECT 'former'::text, v_old, NULL::uuid[], NULL::bigint[];
      RETURN;
    END IF;
    SELECT least(p_seq, c.last_seq) INTO v_new FROM conversations c WHERE c.id = p_conv;
    IF v_new <= v_old THEN
      RETURN QUERY SELECT 'unchanged'::text, v_old, NULL::uuid[], NULL::bigint[];
      RETURN;
    END IF;
    UPDATE members m SET last_read_seq = v_new WHERE m.conversation_id = p_conv AND m.user_id = p_user;

    SELECT t.user_id, t.last_read_seq INTO v_top1_user, v_top1 FROM members t
      WHERE t.conversation_id = p_conv AND t.user_id <> p_user ORDER BY t.last_read_seq DESC, t.user_id LIMIT 1;
    SELECT t.last_read_seq INTO v_top2 FROM members t
      WHERE t.conversation_id = p_conv AND t.user_id <> p_user AND t.user_id <> v_top1_user
      ORDER BY t.last_read_seq DESC LIMIT 1;
    SELECT array_agg(m.user_id) INTO v_users FROM members m
      WHERE m.conversation_id = p_conv AND m.left_at IS NULL AND (
        m.user_id = p_user OR
        v_new > greatest(v_old, CASE WHEN m.user_id = v_top1_user THEN coalesce(v_top2, 0) ELSE coalesce(v_top1, 0) END)
      );
    RETURN QUERY
      SELECT 'ok'::text, v_new, array_agg(f.recipient), array_agg(f.stream_pos)
      FROM fan_out(v_users, 'ReadMarkerMoved', p_conv, NULL,
                   jsonb_build_object('userId', p_user, 'lastReadSeq', v_new)) f;
  END $$`;
