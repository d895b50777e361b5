/**
 * The one clock of production code (DESIGN §7.4). It is the system's clock, except where the
 * local twin was started at another instant (`SOVANG_NOW`): then it runs on from that instant, so a
 * demo or a test can live through a day and finish it. Pure: no Node API, so the browser shares it.
 */
let offsetMs = 0;

/** The current instant. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Moves the clock so that `now()` reads `instant` at this moment and runs on from there. */
export function startClockAt(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new Error('the clock cannot start at an invalid instant');
  offsetMs = instant.getTime() - Date.now();
}

/** How far the clock is from the system's, in milliseconds: what another process needs to share it. */
export function clockOffsetMs(): number {
  return offsetMs;
}

/** Shares another process's clock (the offset it reported); 0 is the system's clock. */
export function useClockOffset(ms: number): void {
  if (!Number.isFinite(ms)) throw new Error('a clock offset must be a finite number of milliseconds');
  offsetMs = ms;
}
