// What a caught value says, for a message to the user or the model: an Error's message, else the
// value as text (a thrown string, a rejected promise's reason).
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
