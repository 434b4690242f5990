/** Awaits `promise` and returns what it rejected with, or null when it resolved. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return null;
}
