import { useState } from 'react';
import { describeError } from '../../api/errors';
import { useChat, useChatStore } from '../../store/chat-context';
import { Avatar, ErrorText, Field, Modal, useAction } from '../../ui/kit';

/** Chooses one of the viewer's conversations (to forward, share a post or a receipt). */
export function ConversationPicker({
  title,
  onPick,
  onClose,
}: {
  title: string;
  onPick: (conversationId: string) => Promise<void>;
  onClose: () => void;
}) {
  const store = useChatStore();
  useChat(store);
  const [query, setQuery] = useState('');
  const pick = useAction(async (id: string) => {
    await onPick(id);
    onClose();
  }, describeError);
  const convs = store.sorted().filter((c) => c.title.toLowerCase().includes(query.trim().toLowerCase()));
  return (
    <Modal title={title} onClose={onClose}>
      <Field label="جستجوی گفتگو">
        <input className="input" dir="auto" autoFocus value={query} onChange={(e) => setQuery(e.target.value)} />
      </Field>
      <ErrorText error={pick.error} />
      <ul className="list" aria-label="گفتگوها">
        {convs.map((c) => (
          <li key={c.id}>
            <button className="list-item" disabled={pick.busy} onClick={() => void pick.run(c.id)}>
              <Avatar id={c.id} name={c.title} small />
              <span className="title grow ellipsis" dir="auto">
                {c.title}
              </span>
            </button>
          </li>
        ))}
        {!convs.length && <li className="hint">گفتگویی نیست.</li>}
      </ul>
    </Modal>
  );
}
