-- Closes an OPEN money request without money: DECLINED by the payer it
-- names, CANCELLED by its requester (PYM02 for anyone else, PYM01
-- ALREADY_CLOSED when it is no longer open, PYM03 when there is none).
CREATE OR REPLACE FUNCTION close_money_request(p_request uuid, p_user uuid, p_status text, p_subject text)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  r money_requests%ROWTYPE;
BEGIN
  SELECT * INTO r FROM money_requests WHERE id = p_request FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'NOT_FOUND' USING ERRCODE = 'PYM03'; END IF;
  IF (p_status = 'CANCELLED' AND r.requester_id <> p_user)
     OR (p_status = 'DECLINED' AND r.payer_id IS DISTINCT FROM p_user) THEN
    RAISE EXCEPTION 'NOT_ALLOWED' USING ERRCODE = 'PYM02';
  END IF;
  IF r.status <> 'OPEN' THEN RAISE EXCEPTION 'ALREADY_CLOSED' USING ERRCODE = 'PYM01'; END IF;
  UPDATE money_requests SET status = p_status, closed_at = now(), version = version + 1 WHERE id = p_request;
  PERFORM chat_money_event(p_subject, 'MONEY_REQUEST', r.id, r.conversation_id, r.requester_id, r.version + 1);
END $$
