import { useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useQuery } from '../../api/use-query';
import type { ConversationMembersQuery } from '../../gql/graphql';
import { faDigits, formatLastSeen } from '../../lib/format';
import { newId } from '../../lib/ids';
import { navigate } from '../../lib/router';
import { ConversationMembers } from '../../ops/messaging';
import { ForwardMessage, ReactToMessage } from '../../ops/messaging-mutations';
import { useChat, useChatStore } from '../../store/chat-context';
import type { ChatStore } from '../../store/chat-store';
import type { Conv, Msg } from '../../store/chat-types';
import { Avatar, IconButton, toast } from '../../ui/kit';
import { ConnectionStatus } from './ChatList';
import { DeleteDialog, InChatSearch, SendMoneyDialog } from './ChatDialogs';
import { RequestMoneyDialog, SplitBillDialog } from './ChatMoneyDialogs';
import { Composer } from './Composer';
import { GroupInfo } from './GroupInfo';
import { JumpToLatest } from './JumpToLatest';
import type { BubbleActions } from './MessageBubble';
import { MessageList } from './MessageList';
import { ConversationPicker } from './Pickers';
import { useConversationFeed, usePresencePoll, useThreadScroll } from './use-conversation';

type Dialog =
  | { kind: 'info' }
  | { kind: 'money' }
  | { kind: 'search' }
  | { kind: 'request' }
  | { kind: 'split' }
  | { kind: 'forward'; m: Msg }
  | { kind: 'delete'; m: Msg }
  | null;
type Peer = NonNullable<ConversationMembersQuery['conversation']>['members']['edges'][number]['node']['user'];

export function Conversation({ id }: { id: string }) {
  const store = useChatStore();
  useChat(store);
  const conv = store.convs.get(id);
  const members = useQuery(ConversationMembers, { id, after: null });
  const [replyTo, setReplyTo] = useState<Msg | null>(null);
  const [editing, setEditing] = useState<Msg | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { loadError, setLoadError } = useConversationFeed(store, id);
  const scroll = useThreadScroll(store, id, setLoadError);
  usePresencePoll(members.reload, conv?.kind === 'DIRECT');

  if (!conv) {
    return (
      <div className="chat">
        <div className="empty">
          <span className="empty-pill">{loadError ?? 'در حال بارگذاری…'}</span>
        </div>
      </div>
    );
  }

  const others = (members.data?.conversation?.members.edges ?? []).map((e) => e.node.user).filter((u) => u.id !== store.me);
  const peer = conv.kind === 'DIRECT' ? others[0] : undefined;
  const admin = conv.myRole === 'OWNER' || conv.myRole === 'ADMIN';
  const actions: BubbleActions = {
    reply: (m) => {
      setEditing(null);
      setReplyTo(m);
    },
    edit: (m) => {
      setReplyTo(null);
      setEditing(m);
    },
    forward: (m) => setDialog({ kind: 'forward', m }),
    remove: (m) => setDialog({ kind: 'delete', m }),
    react: (m, emoji) => react(store, id, m, emoji),
    jump: (seq) => void scroll.jump(seq),
  };

  return (
    <div className="chat">
      <ConversationHeader conv={conv} peer={peer} onDialog={(kind) => setDialog({ kind })} />
      <ConnectionStatus />
      <div className="messages-wrap">
        <MessageList
          conv={conv}
          thread={store.threads.get(id)}
          scroller={scroll.scroller}
          onScroll={scroll.onScroll}
          loadOlder={scroll.loadOlder}
          highlight={scroll.highlight}
          canDeleteForAll={admin}
          actions={actions}
        />
        {!scroll.atBottom && <JumpToLatest behind={scroll.behind} onClick={scroll.toLatest} />}
      </div>
      <Composer
        conversationId={id}
        replyTo={replyTo}
        editing={editing}
        onDone={() => {
          setReplyTo(null);
          setEditing(null);
        }}
        onMoney={peer ? () => setDialog({ kind: 'money' }) : undefined}
        onChatMoney={others.length ? (kind) => setDialog({ kind }) : undefined}
      />
      <ConversationDialogs
        dialog={dialog}
        conv={conv}
        peer={peer}
        others={others}
        admin={admin}
        onJump={(s) => void scroll.jump(s)}
        onClose={(reload) => {
          setDialog(null);
          if (reload) void members.reload();
        }}
      />
    </div>
  );
}

/** Sets or takes back the viewer's reaction; the answer's counts replace the message's. */
function react(store: ChatStore, conversationId: string, m: Msg, emoji: string | null) {
  request(ReactToMessage, { id: m.id, emoji }).then(
    (r) => {
      const cur = store.threads.get(conversationId)?.bySeq.get(m.seq);
      if (cur) store.putMessage({ ...cur, reactions: r.reactToMessage.reactions });
    },
    (err) => toast(describeError(err)),
  );
}

/** The title (opens the conversation's details), who is typing or when the other person was last seen, and the tools. */
function ConversationHeader({ conv, peer, onDialog }: { conv: Conv; peer?: Peer; onDialog: (kind: 'info' | 'money' | 'search') => void }) {
  const store = useChatStore();
  const typing = store.typingNames(conv.id);
  const status = typing.length ? (
    <span className="typing">{conv.kind === 'GROUP' ? `${typing.join('، ')} در حال نوشتن…` : 'در حال نوشتن…'}</span>
  ) : conv.kind === 'GROUP' ? (
    `${faDigits(conv.memberCount)} عضو`
  ) : peer ? (
    formatLastSeen(peer.lastSeenAt, peer.online)
  ) : (
    ''
  );
  return (
    <header className="topbar">
      <IconButton icon="back" label="بازگشت به گفتگوها" className="show-phone" onClick={() => navigate('/chats')} />
      {/* The whole strip opens the details for a pointer; the title is the button for keyboards and screen readers. */}
      <div className="row grow conversation-head" onClick={() => onDialog('info')}>
        <Avatar id={conv.id} name={conv.title} small />
        <div className="grow" style={{ minWidth: 0 }}>
          <h1 className="ellipsis conversation-title">
            <button
              type="button"
              dir="auto"
              aria-describedby="conversation-info-hint"
              onClick={(e) => {
                e.stopPropagation();
                onDialog('info');
              }}
            >
              {conv.title}
            </button>
          </h1>
          <div className="status-line" aria-live="polite">
            {status}
          </div>
        </div>
        <span id="conversation-info-hint" className="sr-only">
          اطلاعات گفتگو
        </span>
      </div>
      <IconButton icon="search" label="جستجو در گفتگو" onClick={() => onDialog('search')} />
      {peer && <IconButton icon="money" label="ارسال پول" className="hide-phone" onClick={() => onDialog('money')} />}
    </header>
  );
}

/** The dialog open over the conversation, if any; closing the details reads the members again. */
function ConversationDialogs(props: {
  dialog: Dialog;
  conv: Conv;
  peer?: Peer;
  others: Peer[];
  admin: boolean;
  onJump: (seq: number) => void;
  onClose: (reloadMembers?: boolean) => void;
}) {
  const { dialog, conv, peer, onClose } = props;
  const store = useChatStore();
  const close = () => onClose();
  if (dialog?.kind === 'info') return <GroupInfo conv={conv} onClose={() => onClose(true)} />;
  if (dialog?.kind === 'money' && peer) return <SendMoneyDialog conv={conv} to={peer} onClose={close} />;
  if (dialog?.kind === 'search') return <InChatSearch conv={conv} onJump={props.onJump} onClose={close} />;
  if (dialog?.kind === 'request') return <RequestMoneyDialog conv={conv} others={props.others} onClose={close} />;
  if (dialog?.kind === 'split') return <SplitBillDialog conv={conv} others={props.others} onClose={close} />;
  if (dialog?.kind === 'delete')
    return <DeleteDialog m={dialog.m} canForAll={dialog.m.sender?.id === store.me || props.admin} onClose={close} />;
  if (dialog?.kind === 'forward') {
    return (
      <ConversationPicker
        title="بازارسال به…"
        onClose={close}
        onPick={async (to) => {
          const r = await request(ForwardMessage, { id: dialog.m.id, to, clientId: newId() });
          store.putMessage(r.forwardMessage);
          toast('بازارسال شد');
          navigate(`/chats/${to}`);
        }}
      />
    );
  }
  return null;
}
