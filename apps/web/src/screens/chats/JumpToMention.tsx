import { useState } from 'react';
import { faDigits } from '../../lib/format';
import type { Conv } from '../../store/chat-types';

/**
 * "@" over the messages while some message mentions the viewer that they
 * have not been taken to: the mentions unread when the conversation opened,
 * and those arriving while it is open. Each press goes to the oldest.
 */
export function JumpToMention({ conv, onJump }: { conv: Conv; onJump: (seq: number) => void }) {
  const [atOpen] = useState<number[]>(() => [...conv.unreadMentionSeqs]);
  const [visited, setVisited] = useState<Set<number>>(() => new Set());
  const seqs = [...new Set([...atOpen, ...conv.unreadMentionSeqs])].sort((a, b) => a - b);
  const left = seqs.filter((s) => !visited.has(s));
  if (!left.length) return null;
  const label = `رفتن به اشاره به شما، ${faDigits(left.length)} اشاره`;
  return (
    <button
      type="button"
      className="jump-latest jump-mention"
      aria-label={label}
      title={label}
      onClick={() => {
        setVisited((v) => new Set([...v, left[0]]));
        onJump(left[0]);
      }}
    >
      @
      <span className="badge" aria-hidden="true">
        {faDigits(left.length)}
      </span>
    </button>
  );
}
