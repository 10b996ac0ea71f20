import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { faDigits } from '../../lib/format';
import { navigate } from '../../lib/router';
import { UserByUsername } from '../../ops/accounts';
import { StartDirect } from '../../ops/messaging-mutations';
import { ChannelByHandle, InvitePreview, JoinByInviteLink, JoinPublicGroup, PublicGroup } from '../../ops/reach';
import { useChatStore } from '../../store/chat-context';
import { Avatar, ErrorText, useAction } from '../../ui/kit';

interface Preview {
  conversationId: string;
  title: string;
  handle?: string | null;
  memberCount: number;
  requiresApproval: boolean;
  isMember: boolean;
  pending: boolean;
}

type Target = { kind: 'group'; preview: Preview; join: () => Promise<void> } | { kind: 'missing'; text: string } | null;

/**
 * What a shared link opens: `/join/<token>` (an invite link) or `/@name`
 * (a user's chat, else a channel, else a public group), as Telegram's
 * t.me links do.
 */
export function OpenLink({ path }: { path: string }) {
  const store = useChatStore();
  const [target, setTarget] = useState<Target>(null);
  const [pending, setPending] = useState(false);
  const act = useJoinAction();

  useEffect(() => {
    let live = true;
    const resolve = async (): Promise<Target> => {
      const token = /^\/join\/([^/]+)$/.exec(path)?.[1];
      if (token) {
        const r = await request(InvitePreview, { token: decodeURIComponent(token) });
        if (!r.inviteLinkPreview) return { kind: 'missing', text: 'این پیوند دعوت دیگر کار نمی‌کند.' };
        return {
          kind: 'group',
          preview: r.inviteLinkPreview,
          join: async () => {
            const j = await request(JoinByInviteLink, { token: decodeURIComponent(token) });
            if (j.joinByInviteLink.conversation) return open(j.joinByInviteLink.conversation);
            setPending(true);
          },
        };
      }
      const name = decodeURIComponent(path.slice(2)).replace(/\/+$/, '');
      const user = (await request(UserByUsername, { username: name })).user;
      if (user) {
        const d = await request(StartDirect, { userId: user.id });
        store.upsertConversation(d.startDirectConversation);
        navigate(`/chats/${d.startDirectConversation.id}`, true);
        return null;
      }
      const channel = (await request(ChannelByHandle, { handle: name }).catch(() => null))?.channel;
      if (channel) {
        navigate(`/news/c/${channel.handle}`, true);
        return null;
      }
      const group = (await request(PublicGroup, { handle: name })).publicGroup;
      if (!group) return { kind: 'missing', text: `کسی یا چیزی با نام ‎@${name}‎ پیدا نشد.` };
      return { kind: 'group', preview: group, join: async () => open((await request(JoinPublicGroup, { handle: name })).joinPublicGroup) };
    };
    const open = (c: Parameters<typeof store.upsertConversation>[0]) => {
      store.upsertConversation(c);
      navigate(`/chats/${c.id}`, true);
    };
    resolve().then(
      (t) => live && setTarget(t),
      (err) => live && setTarget({ kind: 'missing', text: describeError(err) }),
    );
    return () => {
      live = false;
    };
  }, [path, store]);

  return (
    <section className="pane-main detail" aria-label="پیوند">
      <div className="chat">
        <div className="empty">
          {!target && <span className="empty-pill">در حال باز کردن پیوند…</span>}
          {target?.kind === 'missing' && <span className="empty-pill">{target.text}</span>}
          {target?.kind === 'group' && <GroupCard preview={target.preview} pending={pending} act={act} join={target.join} />}
        </div>
      </div>
    </section>
  );
}

/** The group a link leads to, with the button that joins it (or asks to). */
function GroupCard(props: { preview: Preview; pending: boolean; join: () => Promise<void>; act: ReturnType<typeof useJoinAction> }) {
  const { preview, pending, act } = props;
  return (
    <div className="card stack join-card" style={{ maxWidth: 360, textAlign: 'center' }}>
      <Avatar id={preview.conversationId} name={preview.title} />
      <h2 dir="auto">{preview.title}</h2>
      <div className="muted">{faDigits(preview.memberCount)} عضو</div>
      {preview.isMember ? (
        <button className="btn" onClick={() => navigate(`/chats/${preview.conversationId}`, true)}>
          باز کردن گروه
        </button>
      ) : pending || preview.pending ? (
        <p role="status">درخواست شما فرستاده شد؛ پس از تأیید مدیر گروه عضو می‌شوید.</p>
      ) : (
        <button className="btn" disabled={act.busy} onClick={() => void act.run(props.join)}>
          {preview.requiresApproval ? 'درخواست پیوستن' : 'پیوستن به گروه'}
        </button>
      )}
      <ErrorText error={act.error} />
    </div>
  );
}

function useJoinAction() {
  return useAction(async (fn: () => Promise<void>) => fn(), describeError);
}
