import { useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { ReportReason } from '../../gql/graphql';
import { newId } from '../../lib/ids';
import { Report } from '../../ops/reach';
import type { Msg } from '../../store/chat-types';
import { ErrorText, Field, Modal, toast, useAction } from '../../ui/kit';

const REASONS: [string, string][] = [
  ['SPAM', 'هرزنامه یا تبلیغ'],
  ['VIOLENCE', 'خشونت'],
  ['PORNOGRAPHY', 'محتوای جنسی'],
  ['CHILD_ABUSE', 'آزار کودکان'],
  ['ILLEGAL', 'غیرقانونی'],
  ['PERSONAL_DATA', 'اطلاعات شخصی'],
  ['OTHER', 'دیگر'],
];

/** Reports a message to the operators (kept for review; one key per dialog, so a double press is one report). */
export function ReportDialog({ m, onClose }: { m: Msg; onClose: () => void }) {
  const [reason, setReason] = useState('SPAM');
  const [comment, setComment] = useState('');
  const [key] = useState(newId);
  const send = useAction(async () => {
    await request(Report, { input: { idempotencyKey: key, messageId: m.id, reason: reason as ReportReason, comment: comment || null } });
    toast('گزارش فرستاده شد');
    onClose();
  }, describeError);
  return (
    <Modal title="گزارش پیام" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void send.run();
        }}
      >
        <Field label="دلیل">
          <select className="input" value={reason} onChange={(e) => setReason(e.target.value)}>
            {REASONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="توضیح (اختیاری)">
          <textarea className="input" dir="auto" value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} />
        </Field>
        <ErrorText error={send.error} />
        <button className="btn danger" disabled={send.busy}>
          فرستادن گزارش
        </button>
      </form>
    </Modal>
  );
}
