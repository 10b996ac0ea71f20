import { useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useQuery } from '../../api/use-query';
import { faDigits } from '../../lib/format';
import { newId } from '../../lib/ids';
import { CreateInviteLink, DecideJoinRequest, InviteLinks, RevokeInviteLink, SetGroupHandle, SetSlowMode } from '../../ops/reach';
import { useChatStore } from '../../store/chat-context';
import type { Conv } from '../../store/chat-types';
import { ErrorText, Field, toast, useAction } from '../../ui/kit';

type Act = { run: (fn: () => Promise<unknown>) => Promise<unknown>; busy: boolean };
type Request = { user: { id: string; displayName: string } };

const SLOW_MODES = [0, 10, 30, 60, 300, 900, 3600];
const slowLabel = (s: number) => (s === 0 ? 'خاموش' : s < 60 ? `${faDigits(s)} ثانیه` : `${faDigits(s / 60)} دقیقه`);

/** The web address of an invite link on this site. */
export const inviteUrl = (token: string) => `${location.origin}/join/${token}`;

/** For a group's owners and admins: invite links, requests to join, the public handle, slow mode. */
export function GroupAdmin({ conv }: { conv: Conv }) {
  const links = useQuery(InviteLinks, { id: conv.id });
  const [approval, setApproval] = useState(false);
  const act = useAction(async (fn: () => Promise<unknown>) => {
    await fn();
    await links.reload();
  }, describeError);
  const create = () =>
    act.run(async () => {
      const r = await request(CreateInviteLink, {
        input: { conversationId: conv.id, idempotencyKey: newId(), requiresApproval: approval },
      });
      await navigator.clipboard?.writeText(inviteUrl(r.createInviteLink.token)).catch(() => undefined);
      toast('پیوند دعوت ساخته شد');
    });
  const live = (links.data?.inviteLinks.edges ?? []).map((e) => e.node).filter((l) => !l.revokedAt);
  const requests = links.data?.joinRequests.edges.map((e) => e.node) ?? [];
  return (
    <section className="stack" aria-labelledby="invite-h">
      <h3 id="invite-h" className="section-title" style={{ padding: 0 }}>
        پیوندهای دعوت
      </h3>
      <label className="row">
        <input type="checkbox" checked={approval} onChange={(e) => setApproval(e.target.checked)} />
        <span>پیوستن با تأیید مدیر</span>
      </label>
      <button className="btn secondary" disabled={act.busy} onClick={() => void create()}>
        ساخت پیوند دعوت
      </button>
      <ul className="list" aria-label="پیوندهای دعوت">
        {live.map((l) => (
          <li key={l.id} className="list-item" style={{ cursor: 'default' }}>
            <div className="grow" style={{ minWidth: 0 }}>
              <input
                className="input invite-url"
                dir="ltr"
                readOnly
                value={inviteUrl(l.token)}
                aria-label="پیوند دعوت"
                onFocus={(e) => e.target.select()}
              />
              <div className="preview">
                {faDigits(l.useCount)} پیوستن{l.requiresApproval ? ` · با تأیید · ${faDigits(l.pendingCount)} در انتظار` : ''}
              </div>
            </div>
            <button className="btn ghost" disabled={act.busy} onClick={() => void act.run(() => request(RevokeInviteLink, { id: l.id }))}>
              لغو
            </button>
          </li>
        ))}
      </ul>
      <JoinRequests conv={conv} requests={requests} act={act} />
      <GroupSettings conv={conv} act={act} />
      <ErrorText error={links.error ?? act.error} />
    </section>
  );
}

/** Requests to join through links that need approval. */
function JoinRequests({ conv, requests, act }: { conv: Conv; requests: Request[]; act: Act }) {
  if (!requests.length) return null;
  return (
    <>
      <h3 className="section-title" style={{ padding: 0 }}>
        درخواست‌های پیوستن
      </h3>
      <ul className="list" aria-label="درخواست‌های پیوستن">
        {requests.map((r) => (
          <li key={r.user.id} className="list-item" style={{ cursor: 'default' }}>
            <span className="grow" dir="auto">
              {r.user.displayName}
            </span>
            {[true, false].map((approve) => (
              <button
                key={String(approve)}
                className={`btn ${approve ? '' : 'ghost'}`}
                disabled={act.busy}
                aria-label={`${approve ? 'پذیرفتن' : 'رد'} ${r.user.displayName}`}
                onClick={() => void act.run(() => request(DecideJoinRequest, { id: conv.id, userId: r.user.id, approve }))}
              >
                {approve ? 'پذیرفتن' : 'رد'}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The public handle (owner) and slow mode. */
function GroupSettings({ conv, act }: { conv: Conv; act: Act }) {
  const store = useChatStore();
  const [handle, setHandle] = useState(conv.handle ?? '');
  return (
    <>
      {conv.myRole === 'OWNER' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act.run(async () =>
              store.upsertConversation((await request(SetGroupHandle, { id: conv.id, handle: handle || null })).setGroupHandle),
            );
          }}
        >
          <Field label="نشانی عمومی گروه (خالی: خصوصی)">
            <input className="input" dir="ltr" value={handle} onChange={(e) => setHandle(e.target.value)} placeholder="my_group" />
          </Field>
          <button className="btn secondary" disabled={act.busy}>
            ذخیره
          </button>
        </form>
      )}
      <Field label="حالت آهسته">
        <select
          className="input"
          value={conv.slowModeSeconds}
          onChange={(e) =>
            void act.run(async () =>
              store.upsertConversation((await request(SetSlowMode, { id: conv.id, seconds: Number(e.target.value) })).setSlowMode),
            )
          }
        >
          {SLOW_MODES.map((s) => (
            <option key={s} value={s}>
              {slowLabel(s)}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
