/** Runs once before all test files (placeholder until the tiny model generator lands). */
export default async function setup(): Promise<void> {}
