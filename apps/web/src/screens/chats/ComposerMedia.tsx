import type { MediaFieldsFragment } from '../../gql/graphql';
import { IconButton } from '../../ui/kit';
import type { Attachments } from '../media/use-attachments';
import { VoiceRecorder } from './VoiceRecorder';

/**
 * Send, or with nothing typed or attached the microphone (a recorded voice
 * note goes on its own as soon as it is uploaded, as in Telegram).
 */
export function SendOrRecord(props: {
  editing: boolean;
  empty: boolean;
  attachments: Attachments;
  onSend: (text: string, media: MediaFieldsFragment[]) => unknown;
}) {
  const { editing, empty, attachments, onSend } = props;
  if (!editing && empty && !attachments.items.length) {
    return <VoiceRecorder onRecorded={(file, seconds) => attachments.add([file], 'VOICE', seconds, (media) => void onSend('', [media]))} />;
  }
  return (
    <IconButton
      icon={editing ? 'check' : 'send'}
      label={editing ? 'ذخیرهٔ ویرایش' : 'ارسال'}
      type="submit"
      className="send-btn"
      disabled={attachments.items.length ? !attachments.ready : empty}
    />
  );
}
