import { ReactNode, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { initials } from '../lib/format';
import { Icon, IconName } from './icons';

const COLOURS = ['#c0392b', '#8e44ad', '#1f618d', '#117a65', '#9a6309', '#a04000', '#2e4053', '#1e8449'];
function colourOf(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) | 0;
  return COLOURS[Math.abs(h) % COLOURS.length];
}

export function Avatar({ id, name, small, src }: { id: string; name: string; small?: boolean; src?: string | null }) {
  if (src) return <img className={`avatar${small ? ' small' : ''}`} src={src} alt="" aria-hidden="true" />;
  return (
    <span className={`avatar${small ? ' small' : ''}`} style={{ background: colourOf(id) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function IconButton(props: {
  icon: IconName;
  label: string;
  onClick?: () => void;
  className?: string;
  type?: 'button' | 'submit';
  disabled?: boolean;
  pressed?: boolean;
}) {
  return (
    <button
      type={props.type ?? 'button'}
      className={`icon-btn ${props.className ?? ''}`}
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
      disabled={props.disabled}
      aria-pressed={props.pressed}
    >
      <Icon name={props.icon} />
    </button>
  );
}

/** A native <dialog> shown modally: focus is trapped and Escape closes it. */
export function Modal({
  title,
  onClose,
  children,
  className,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) {
      d.showModal();
      // showModal focuses the first focusable element, the close button: start where the person types instead.
      d.querySelector<HTMLElement>('.modal-body :is(input:not([type=checkbox]), textarea, select, [data-autofocus])')?.focus();
    }
    const cancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, [onClose]);
  return (
    <dialog ref={ref} className={`modal${className ? ` ${className}` : ''}`} aria-labelledby={titleId}>
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <IconButton icon="close" label="بستن" onClick={onClose} />
      </div>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {hint && <small className="hint">{hint}</small>}
    </label>
  );
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

/* A single app-wide toast line, announced politely to screen readers. */
let toastText = '';
const toastListeners = new Set<() => void>();
let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function toast(text: string): void {
  toastText = text;
  toastListeners.forEach((l) => l());
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toastText = '';
    toastListeners.forEach((l) => l());
  }, 3500);
}
export function Toaster() {
  const text = useSyncExternalStore(
    (l) => {
      toastListeners.add(l);
      return () => toastListeners.delete(l);
    },
    () => toastText,
  );
  return <div aria-live="polite">{text && <div className="toast">{text}</div>}</div>;
}

/** Runs an async action with busy and error state. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>, describe: (e: unknown) => string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn(...args);
    } catch (err) {
      setError(describe(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}
