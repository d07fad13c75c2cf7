/** Authenticated encryption of secrets at rest, with a key id so keys can rotate. */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws when the value was sealed under a key this box does not hold, or was altered. */
  open(sealed: string): string;
  /** The id of the key a sealed value was sealed under. */
  keyIdOf(sealed: string): string;
  /**
   * Seals the value again under the current key, opening it with the keys this box holds
   * or with `previousKey` (base64 or hex). Undefined when neither opens it.
   */
  reseal(sealed: string, previousKey?: string): string | undefined;
}
