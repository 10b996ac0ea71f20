import { useEffect, useRef, useState } from 'react';
import { faDigits } from '../../lib/format';
import type { MediaFieldsFragment } from '../../gql/graphql';
import { IconButton } from '../../ui/kit';

const SPEEDS = [1, 1.5, 2];

export function formatDuration(seconds: number | null | undefined): string {
  const s = Math.max(0, Math.round(seconds ?? 0));
  return faDigits(`${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);
}

/** A voice note: play/pause, its waveform (played part coloured, click to seek), duration and speed. */
export function VoicePlayer({ media }: { media: MediaFieldsFragment }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [at, setAt] = useState(0);
  const [speed, setSpeed] = useState(0);
  const duration = media.durationSeconds ?? 0;
  const wave = media.waveform ?? [];

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = SPEEDS[speed];
  }, [speed]);

  const toggle = () => {
    const a = audio.current;
    if (!a) return;
    if (a.paused) void a.play();
    else a.pause();
  };
  const seek = (fraction: number) => {
    const a = audio.current;
    if (a && duration) a.currentTime = fraction * duration;
  };
  const played = duration ? at / duration : 0;
  return (
    <div className="voice" aria-label="پیام صوتی">
      <IconButton icon={playing ? 'pause' : 'play'} label={playing ? 'توقف' : 'پخش'} onClick={toggle} className="voice-play" />
      <div
        className="waveform"
        role="slider"
        tabIndex={0}
        aria-label="جای پخش"
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(at)}
        aria-valuetext={formatDuration(at)}
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          seek((r.right - e.clientX) / r.width);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') seek(Math.min(1, played + 0.05));
          if (e.key === 'ArrowRight') seek(Math.max(0, played - 0.05));
        }}
      >
        {wave.map((v, i) => (
          <span key={i} className={i / wave.length < played ? 'on' : ''} style={{ height: `${Math.max(8, (v / 31) * 100)}%` }} />
        ))}
      </div>
      <span className="voice-time">{formatDuration(playing || at ? at : duration)}</span>
      <button type="button" className="speed" onClick={() => setSpeed((speed + 1) % SPEEDS.length)} aria-label="سرعت پخش">
        {faDigits(SPEEDS[speed])}×
      </button>
      <audio
        ref={audio}
        src={media.url}
        preload="none"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => {
          setPlaying(false);
          setAt(0);
        }}
        onTimeUpdate={(e) => setAt(e.currentTarget.currentTime)}
      />
    </div>
  );
}
