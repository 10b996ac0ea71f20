-- Appends one update to each recipient's stream and returns the positions:
-- max + 1 per user, read under the user's stream lock (see lock_streams.sql
-- for why this keeps every stream dense and visible in order). Each user in
-- p_users gets one row, however often they are named.
--
-- A user's newest update row must never be deleted (UpdatePruner keeps the
-- maximum), or positions would repeat.
CREATE OR REPLACE FUNCTION fan_out(p_users uuid[], p_type text, p_conv uuid, p_message uuid, p_data jsonb)
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
END $$;
