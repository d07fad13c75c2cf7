/** The parsed content of a chosen file; throws a sentence for the file field when it is not JSON. */
export async function readJsonFile(file: File): Promise<unknown> {
  const text = await file.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file.name} is not a JSON file: choose a disaster-recovery export (.json).`);
  }
}
