/** What a signature check found. */
export type SignatureVerdict = 'valid' | 'altered' | 'unknown_key';

/**
 * Signs disaster-recovery documents under a key derived from the server's master key (an
 * HMAC), so that a document edited after its export is refused on import.
 */
export interface DocumentSigner {
  /** The signature of the canonical JSON of `value`, naming the key that made it. */
  sign(value: unknown): string;
  /**
   * Checks a signature with this server's keys, and with `previousMasterKey` (base64) when
   * given: `unknown_key` when it was made under a key neither holds.
   */
  verify(value: unknown, signature: string, previousMasterKey?: string): SignatureVerdict;
}
