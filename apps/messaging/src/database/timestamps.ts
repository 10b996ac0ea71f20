/** A timestamptz column as the contracts' IsoDate (null stays null). */
export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
