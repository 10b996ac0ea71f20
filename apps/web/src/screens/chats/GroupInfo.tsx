import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useQuery } from '../../api/use-query';
import type { ConversationMembersQuery } from '../../gql/graphql';
import { formatLastSeen } from '../../lib/format';
import { navigate } from '../../lib/router';
import { ConversationMembers } from '../../ops/messaging';
import { AddMembers, LeaveConversation, RemoveMember, SetMuted } from '../../ops/messaging-mutations';
import { useChatStore } from '../../store/chat-context';
import type { Conv } from '../../store/chat-types';
import { Avatar, ErrorText, Field, Modal, useAction } from '../../ui/kit';
import { UserPickList, useUserSearch } from './NewChat';
import { GroupAdmin } from './GroupAdmin';
import { DeleteMemberMessages, RestrictMember } from '../../ops/reach';

type Member = NonNullable<ConversationMembersQuery['conversation']>['members']['edges'][number]['node'];

const ROLE: Record<string, string> = { OWNER: 'مالک', ADMIN: 'مدیر', MEMBER: 'عضو' };

/** A conversation's details: mute, its members, and for a group's admins adding and removing them; leaving a group. */
export function GroupInfo({ conv, onClose }: { conv: Conv; onClose: () => void }) {
  const store = useChatStore();
  const members = useQuery(ConversationMembers, { id: conv.id, after: null });
  const admin = conv.myRole === 'OWNER' || conv.myRole === 'ADMIN';
  const act = useAction(async (fn: () => Promise<Conv | null>) => {
    const c = await fn();
    if (c) store.upsertConversation(c);
    await members.reload();
  }, describeError);
  const edges = members.data?.conversation?.members.edges ?? [];
  return (
    <Modal title={conv.kind === 'GROUP' ? 'اطلاعات گروه' : 'اطلاعات گفتگو'} onClose={onClose}>
      <div className="row">
        <Avatar id={conv.id} name={conv.title} />
        <div className="grow">
          <div className="title" dir="auto" style={{ fontWeight: 700 }}>
            {conv.title}
          </div>
          <div className="muted">{conv.memberCount.toLocaleString('fa-IR')} عضو</div>
        </div>
      </div>
      <label className="row">
        <input
          type="checkbox"
          checked={conv.muted}
          onChange={(e) => void act.run(async () => (await request(SetMuted, { id: conv.id, muted: e.target.checked })).setMuted)}
        />
        <span>بی‌صدا</span>
      </label>
      <ErrorText error={members.error ?? act.error} />
      <h3 className="section-title" style={{ padding: 0 }}>
        اعضا
      </h3>
      <ul className="list" aria-label="اعضا">
        {edges.map(({ node: m }) => (
          <MemberRow
            key={m.user.id}
            m={m}
            removable={admin && conv.kind === 'GROUP' && m.user.id !== store.me && m.role !== 'OWNER'}
            busy={act.busy}
            onRemove={() => void act.run(async () => (await request(RemoveMember, { id: conv.id, userId: m.user.id })).removeMember)}
            onRestrict={() => void act.run(async () => (await request(RestrictMember, { id: conv.id, userId: m.user.id }), null))}
            onPurge={() => void act.run(async () => (await request(DeleteMemberMessages, { id: conv.id, userId: m.user.id }), null))}
          />
        ))}
      </ul>
      {admin && conv.kind === 'GROUP' && (
        <AddMember
          present={edges.map((e) => e.node.user.id)}
          onAdd={(userId) => void act.run(async () => (await request(AddMembers, { id: conv.id, userIds: [userId] })).addMembers)}
        />
      )}
      {admin && conv.kind === 'GROUP' && <GroupAdmin conv={conv} />}
      {conv.kind === 'GROUP' && (
        <button
          className="btn danger"
          onClick={() =>
            void act.run(async () => {
              await request(LeaveConversation, { id: conv.id });
              store.convs.delete(conv.id);
              store.emit();
              onClose();
              navigate('/chats');
              return null;
            })
          }
        >
          ترک گروه
        </button>
      )}
    </Modal>
  );
}

function MemberRow(props: {
  m: Member;
  removable: boolean;
  busy: boolean;
  onRemove: () => void;
  onRestrict: () => void;
  onPurge: () => void;
}) {
  const { m, removable, busy, onRemove } = props;
  const store = useChatStore();
  return (
    <li className="list-item" style={{ cursor: 'default' }}>
      <Avatar id={m.user.id} name={m.user.displayName} src={m.user.avatar?.thumbnailUrl} small />
      <div className="grow">
        <div className="title ellipsis" dir="auto">
          {m.user.displayName}
          {m.user.id === store.me && ' (شما)'}
        </div>
        <div className="preview">
          {ROLE[m.role]} · {formatLastSeen(m.user.lastSeenAt, m.user.online)}
        </div>
      </div>
      {removable && (
        <>
          <button className="btn ghost" disabled={busy} aria-label={`محدود کردن ارسال ${m.user.displayName}`} onClick={props.onRestrict}>
            محدود
          </button>
          <button className="btn ghost" disabled={busy} aria-label={`حذف پیام‌ها از ${m.user.displayName}`} onClick={props.onPurge}>
            حذف پیام‌ها
          </button>
          <button className="btn ghost" disabled={busy} aria-label={`حذف ${m.user.displayName} از گروه`} onClick={onRemove}>
            حذف
          </button>
        </>
      )}
    </li>
  );
}

/** Finds people to add; those already in the group are left out. */
function AddMember({ present, onAdd }: { present: string[]; onAdd: (userId: string) => void }) {
  const { query, setQuery, users } = useUserSearch();
  return (
    <>
      <Field label="افزودن عضو">
        <input
          className="input"
          dir="auto"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="جستجوی نام یا نام کاربری"
        />
      </Field>
      <UserPickList
        users={users.filter((u) => !present.includes(u.id))}
        onPick={(u) => {
          setQuery('');
          onAdd(u.id);
        }}
      />
    </>
  );
}
