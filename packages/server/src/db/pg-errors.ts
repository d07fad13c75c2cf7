/** True when a PostgreSQL (or PGlite) error is a unique violation, optionally of one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: name } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || name === constraint);
}

/** Runs a write, turning a unique violation of `constraint` into the error `onConflict` makes. */
export async function translateUnique<T>(
  constraint: string,
  write: () => Promise<T>,
  onConflict: () => Error,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, constraint)) throw onConflict();
    throw error;
  }
}

/** Timestamps leave the database as ISO strings. */
export function iso(date: Date): string {
  return date.toISOString();
}
