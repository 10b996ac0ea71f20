import { RefObject, useState } from 'react';

export interface Mentionable {
  id: string;
  displayName: string;
  username?: string | null;
}

/** A name chosen in the picker, to be found in the text when it is sent. */
export interface Picked {
  name: string;
  userId: string;
}

/** The @word being typed at the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([\p{L}\p{N}_]*)$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

/**
 * Picker mentions as the server takes them: UTF-16 offsets of each chosen
 * name in the text as sent (each occurrence used once, in order), dropping
 * names no longer in the text.
 */
export function pickedEntities(text: string, picked: Picked[]): { offset: number; length: number; userId: string }[] {
  const used: { offset: number; length: number; userId: string }[] = [];
  for (const p of picked) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(p.name, from);
      if (at < 0) break;
      if (!used.some((u) => at < u.offset + u.length && u.offset < at + p.name.length)) {
        used.push({ offset: at, length: p.name.length, userId: p.userId });
        break;
      }
      from = at + 1;
    }
  }
  return used.sort((a, b) => a.offset - b.offset);
}

/** Members matching what follows the @, to choose with a click or the keyboard. */
export function MentionPicker({ members, query, onPick }: { members: Mentionable[]; query: string; onPick: (m: Mentionable) => void }) {
  const [active] = useState(0);
  const q = query.toLowerCase();
  const found = members.filter((m) => m.displayName.toLowerCase().includes(q) || (m.username ?? '').toLowerCase().includes(q)).slice(0, 8);
  if (!found.length) return null;
  return (
    <ul className="mention-picker" role="listbox" aria-label="اشاره به عضو">
      {found.map((m, i) => (
        <li key={m.id}>
          <button
            type="button"
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(m)}
          >
            <bdi>{m.displayName}</bdi>
            {m.username && (
              <span className="muted" dir="ltr">
                {' '}
                @{m.username}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The @name being typed (query), choosing a member for it, and the names chosen, as entities when sent. */
export function useMentions(
  text: string,
  setText: (t: string) => void,
  box: RefObject<HTMLTextAreaElement | null>,
  members: Mentionable[],
) {
  const [caret, setCaret] = useState(0);
  const [picked, setPicked] = useState<Picked[]>([]);
  const mention = members.length ? mentionQuery(text, caret) : null;
  const pick = (m: Mentionable) => {
    if (!mention) return;
    const name = m.username ? `@${m.username}` : m.displayName;
    if (!m.username) setPicked((p) => [...p, { name, userId: m.id }]);
    setText(`${text.slice(0, mention.start)}${name} ${text.slice(caret)}`);
    const at = mention.start + name.length + 1;
    setCaret(at);
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
    box.current?.focus();
  };
  return {
    query: mention?.query ?? null,
    pick,
    setCaret,
    entities: (sent: string) => pickedEntities(sent, picked),
    reset: () => setPicked([]),
  };
}
