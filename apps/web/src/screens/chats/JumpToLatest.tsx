import { faDigits } from '../../lib/format';
import { Icon } from '../../ui/icons';

/** Shown while the person reads further up: back to the newest message, with how many arrived below meanwhile. */
export function JumpToLatest({ behind, onClick }: { behind: number; onClick: () => void }) {
  const label = behind ? `رفتن به آخرین پیام، ${faDigits(behind)} پیام تازه` : 'رفتن به آخرین پیام';
  return (
    <button type="button" className="jump-latest" aria-label={label} title={label} onClick={onClick}>
      <Icon name="down" />
      {behind > 0 && (
        <span className="badge" aria-hidden="true">
          {faDigits(behind)}
        </span>
      )}
    </button>
  );
}
