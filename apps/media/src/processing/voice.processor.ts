import { once } from 'node:events';
import OpusScript from 'opusscript';
import prism from 'prism-media';
import { rejected } from '../media/media.errors';
import { waveformOf } from '../media/media.rules';

/** Decoding at 8 kHz is plenty for loudness and keeps a 10-minute note at ~10 MB of PCM. */
const RATE = 8000;

export interface VoiceAnalysis {
  durationSeconds: number;
  waveform: number[];
}

/**
 * A voice note's duration and waveform, from its audio: the container is
 * demuxed by prism-media (Ogg or WebM) and every Opus packet decoded by
 * opusscript (libopus compiled to WebAssembly: no native build, no ffmpeg),
 * so the figures are the audio's own, not the client's.
 */
export async function analyseVoice(input: Buffer, container: 'ogg' | 'webm'): Promise<VoiceAnalysis> {
  const demuxer = container === 'webm' ? new prism.opus.WebmDemuxer() : new prism.opus.OggDemuxer();
  const decoder = new OpusScript(RATE, 1);
  const pcm: Int16Array[] = [];
  let samples = 0;
  let bad = false;
  try {
    demuxer.on('data', (packet: Buffer) => {
      try {
        const out = decoder.decode(packet);
        const frame = new Int16Array(out.buffer, out.byteOffset, out.length >> 1);
        pcm.push(frame);
        samples += frame.length;
      } catch {
        bad = true;
      }
    });
    demuxer.on('error', () => (bad = true));
    demuxer.end(input);
    await Promise.race([once(demuxer, 'end'), once(demuxer, 'close')]).catch(() => (bad = true));
  } finally {
    decoder.delete();
  }
  if (bad || samples === 0) throw rejected('UNREADABLE', 'No Opus audio could be decoded');
  const all = new Int16Array(samples);
  let at = 0;
  for (const frame of pcm) {
    all.set(frame, at);
    at += frame.length;
  }
  return { durationSeconds: Math.round((samples / RATE) * 100) / 100, waveform: waveformOf(all) };
}
