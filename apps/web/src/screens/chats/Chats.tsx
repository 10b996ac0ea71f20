import { useEffect } from 'react';
import { useChatStore } from '../../store/chat-context';
import { ChatList } from './ChatList';
import { Conversation } from './Conversation';

/** The two panes: the list, and the open conversation (one pane at a time on a phone). */
export function Chats({ openId }: { openId: string | null }) {
  const store = useChatStore();
  useEffect(() => {
    store.open(openId);
    return () => store.open(null);
  }, [store, openId]);
  return (
    <>
      <ChatList openId={openId} />
      <section className="pane-main detail" aria-label="گفتگو">
        {openId ? (
          <Conversation key={openId} id={openId} />
        ) : (
          <div className="chat">
            <div className="empty">
              <span className="empty-pill">یک گفتگو را انتخاب کنید</span>
            </div>
          </div>
        )}
      </section>
    </>
  );
}
