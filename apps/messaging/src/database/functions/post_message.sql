-- Stores one message and its MessageAdded updates in one round trip.
--
-- The conversation row is locked first: it serialises the senders of this
-- conversation only (other conversations proceed in parallel), and under it
-- seq = last_seq + 1 cannot repeat or skip, whichever copy of the service
-- runs the call. The clientId is enforced by the unique index: INSERT … ON
-- CONFLICT DO NOTHING, and when nothing was inserted the first message is
-- returned (status 'duplicate'), with no seq taken.
--
-- A NULL sender is a SYSTEM message: it needs no membership. Every current
-- member gets the MessageAdded update, and so do p_extra_recipients (a member
-- being removed sees its removal). p_streams_locked: the caller already holds
-- those stream locks (lock_streams).
--
-- Statuses: ok, duplicate, not_found (not a member or no such conversation),
-- former (a member who left or was removed), reply_not_found.
--
-- The service stores sends through post_messages (batched); this one writes
-- inside transactions that also change members (SYSTEM messages).
CREATE OR REPLACE FUNCTION post_message(
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
END $$;
