const WEEK_SECONDS = 7 * 24 * 3600;

export interface IntervalBounds {
  minSeconds: number;
  maxSeconds: number;
}

/**
 * After a good fetch: poll about twice per average gap between the items of
 * the past week, so a feed that posts hourly is read every half hour and one
 * that posts weekly twice a week; a feed with nothing new for a week is read
 * at the slowest rate. Clamped to the configured bounds.
 */
export function intervalAfterSuccess(dates: Date[], now: Date, bounds: IntervalBounds): number {
  const since = now.getTime() - WEEK_SECONDS * 1000;
  const recent = dates.filter((d) => d.getTime() > since).length;
  const seconds = recent ? WEEK_SECONDS / recent / 2 : bounds.maxSeconds;
  return clamp(Math.round(seconds), bounds);
}

/** After a failed fetch: the usual interval doubled per failure in a row (1, 2, 4 … times), never past the bound. */
export function intervalAfterFailure(usualSeconds: number, failuresInARow: number, bounds: IntervalBounds): number {
  const factor = 2 ** Math.min(Math.max(failuresInARow - 1, 0), 16);
  return clamp(Math.max(usualSeconds, bounds.minSeconds) * factor, bounds);
}

function clamp(seconds: number, bounds: IntervalBounds): number {
  return Math.min(bounds.maxSeconds, Math.max(bounds.minSeconds, seconds));
}
