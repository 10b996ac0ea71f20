-- Moves a read marker forward (never back; past the last message it stops at
-- the last message) and tells who must know: the reader's own devices, and
-- each other current member whose peerReadSeq (the highest marker of anyone
-- else, former members included) rises because of it. The top two markers
-- among the others give each member's "highest of everyone but me" without a
-- per-member scan. They get a ReadMarkerMoved update (fan_out) whose data is
-- {userId, lastReadSeq}.
--
-- Statuses: ok, unchanged (the marker was already there), not_found (never
-- a member), former (last_read is the marker they left with).
CREATE OR REPLACE FUNCTION mark_read(p_conv uuid, p_user uuid, p_seq integer)
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
END $$;
