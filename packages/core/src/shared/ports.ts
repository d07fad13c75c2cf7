/** Time, so that rules about expiry and retention can be tested without waiting. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
