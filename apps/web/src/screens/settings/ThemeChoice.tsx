import { setTheme, type Theme, useTheme } from '../../lib/prefs';

const CHOICES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'مطابق دستگاه' },
  { value: 'light', label: 'روشن' },
  { value: 'dark', label: 'تیره' },
];

/** Light, dark, or whatever the device is set to (the default); kept on this device. */
export function ThemeChoice() {
  const theme = useTheme();
  return (
    <fieldset className="row theme-choice" style={{ border: 0, padding: 0, margin: 0, flexWrap: 'wrap' }}>
      <legend style={{ padding: 0, marginBottom: 4 }}>پوسته</legend>
      {CHOICES.map((c) => (
        <label key={c.value} className="row" style={{ gap: 4 }}>
          <input type="radio" name="theme" value={c.value} checked={theme === c.value} onChange={() => setTheme(c.value)} />
          <span>{c.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
