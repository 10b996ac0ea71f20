import { useRef, useState, type MouseEvent } from 'react';
import { faDigits } from '../../lib/format';
import { IconButton, toast } from '../../ui/kit';

/** Hold to record (release sends), or tap to start and tap again to stop; Enter or Space from the keyboard toggles. */
export function VoiceRecorder({ onRecorded }: { onRecorded: (file: File, seconds: number) => void }) {
  const [recording, setRecording] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const rec = useRef<{ recorder: MediaRecorder; started: number; timer: ReturnType<typeof setInterval> } | null>(null);
  const pressedAt = useRef(0);

  const start = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const type = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus'].find((t) => MediaRecorder.isTypeSupported(t));
      const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      recorder.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        const elapsed = (Date.now() - started) / 1000;
        const mime = recorder.mimeType.split(';')[0] || 'audio/webm';
        const file = new File(chunks, `voice.${mime.includes('ogg') ? 'ogg' : 'webm'}`, { type: mime });
        if (elapsed >= 0.5 && file.size > 0) onRecorded(file, elapsed);
      };
      const started = Date.now();
      recorder.start(250);
      rec.current = { recorder, started, timer: setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 250) };
      setSeconds(0);
      setRecording(true);
    } catch {
      toast('دسترسی به میکروفون ممکن نشد.');
    }
  };
  const stop = () => {
    const r = rec.current;
    if (!r) return;
    rec.current = null;
    clearInterval(r.timer);
    r.recorder.stop();
    setRecording(false);
  };
  const toggle = () => (rec.current ? stop() : void start());

  return (
    <span className="recorder">
      {recording && (
        <span className="recording" role="status">
          ● {faDigits(Math.floor(seconds / 60))}:{faDigits(String(seconds % 60).padStart(2, '0'))}
        </span>
      )}
      <span
        onPointerDown={() => {
          pressedAt.current = Date.now();
          toggle();
        }}
        onPointerUp={() => {
          if (rec.current && Date.now() - pressedAt.current > 400) stop();
        }}
        onClickCapture={(e: MouseEvent) => {
          // A click from the keyboard (detail 0) toggles; pointer clicks were handled above.
          if (e.detail === 0) toggle();
        }}
      >
        <IconButton
          icon="mic"
          label={recording ? 'پایان ضبط و ارسال' : 'ضبط پیام صوتی'}
          pressed={recording}
          className={recording ? 'mic on' : 'mic'}
        />
      </span>
    </span>
  );
}
