import { useEffect, useRef } from 'react';

/**
 * Emoji Mart's picker (Persian labels, native emoji, search), loaded only
 * when first opened: its data is a separate chunk, so opening a chat or
 * signing in never waits for it.
 */
export function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  const close = useRef(onClose);
  useEffect(() => {
    pick.current = onPick;
    close.current = onClose;
  });
  useEffect(() => {
    let cancelled = false;
    void Promise.all([import('emoji-mart'), import('@emoji-mart/data'), import('@emoji-mart/data/i18n/fa.json')]).then(
      ([{ Picker }, data, i18n]) => {
        if (cancelled || !host.current) return;
        const picker = new Picker({
          data: data.default,
          i18n: i18n.default,
          locale: 'fa',
          theme: document.documentElement.dataset.theme ?? 'auto',
          set: 'native',
          previewPosition: 'none',
          skinTonePosition: 'search',
          autoFocus: true,
          onEmojiSelect: (e: { native: string }) => pick.current(e.native),
          onClickOutside: () => close.current(),
        });
        host.current.replaceChildren(picker as unknown as Node);
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return <div ref={host} className="emoji-picker" role="dialog" aria-label="انتخاب شکلک" />;
}
