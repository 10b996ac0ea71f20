-- A money request, once per id (derived from the requester, the
-- conversation and the client's clientId): a repeat changes nothing and
-- o_created is false. The first writes the event that posts its message.
CREATE OR REPLACE FUNCTION create_money_request(
  p_id uuid, p_conversation uuid, p_requester uuid, p_payer uuid, p_amount bigint, p_note text, p_subject text,
  OUT o_created boolean)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO money_requests (id, conversation_id, requester_id, payer_id, amount, note)
  VALUES (p_id, p_conversation, p_requester, p_payer, p_amount, p_note)
  ON CONFLICT (id) DO NOTHING;
  o_created := FOUND;
  IF o_created THEN
    PERFORM chat_money_event(p_subject, 'MONEY_REQUEST', p_id, p_conversation, p_requester, 1);
  END IF;
END $$
