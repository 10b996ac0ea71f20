import type { ReactNode } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { navigate } from '../../lib/router';
import { StartDirect } from '../../ops/messaging-mutations';
import type { Msg } from '../../store/chat-types';
import { Linkified } from '../../ui/Linkified';
import { toast } from '../../ui/kit';

type Entity = NonNullable<Msg['entities']>[number];

/** Opens a chat with the person mentioned: by their /@username link, or by id when they have none. */
function openPerson(e: Entity) {
  if (!e.user) return;
  if (e.user.username) return navigate(`/@${e.user.username}`);
  request(StartDirect, { userId: e.user.id }).then(
    (r) => navigate(`/chats/${r.startDirectConversation.id}`),
    (err) => toast(describeError(err)),
  );
}

/**
 * A message's text with its mentions as links. Entity offsets are UTF-16
 * code units, which is how JavaScript strings index, so slice() cuts exactly
 * where the server meant; each mention is isolated (<bdi>) so a Latin
 * @username keeps its order inside Persian text.
 */
export function MessageText({ text, entities }: { text: string; entities: Entity[] | null | undefined }): ReactNode {
  const mentions = (entities ?? []).filter((e) => e.offset >= 0 && e.offset + e.length <= text.length).sort((a, b) => a.offset - b.offset);
  if (!mentions.length) return <Linkified text={text} />;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const e of mentions) {
    if (e.offset < at) continue;
    if (e.offset > at) parts.push(<Linkified key={`t${at}`} text={text.slice(at, e.offset)} />);
    const shown = text.slice(e.offset, e.offset + e.length);
    parts.push(
      <bdi key={`m${e.offset}`}>
        <a
          className="mention"
          href={e.user?.username ? `/@${e.user.username}` : '#'}
          dir="auto"
          onClick={(ev) => {
            ev.preventDefault();
            openPerson(e);
          }}
        >
          {shown}
        </a>
      </bdi>,
    );
    at = e.offset + e.length;
  }
  if (at < text.length) parts.push(<Linkified key={`t${at}`} text={text.slice(at)} />);
  return parts;
}
