-- The outbox event of one change of state of a money request or bill split
-- (p_kind MONEY_REQUEST or BILL_SPLIT), written in the caller's transaction
-- under p_subject (the caller's subject name: never a literal here). The
-- event id carries the version, so each change is one event and a replay of
-- the same change is none.
CREATE OR REPLACE FUNCTION chat_money_event(
  p_subject text, p_kind text, p_id uuid, p_conversation uuid, p_sender uuid, p_version int)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_event_id text := lower(replace(p_kind, '_', '-')) || ':' || p_id || ':' || p_version;
BEGIN
  INSERT INTO outbox (event_id, subject, payload)
  VALUES (v_event_id, p_subject, jsonb_build_object(
    'eventId', v_event_id, 'kind', p_kind, 'refId', p_id, 'conversationId', p_conversation,
    'senderId', p_sender, 'version', p_version,
    'createdAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
  ON CONFLICT (event_id) DO NOTHING;
END $$
