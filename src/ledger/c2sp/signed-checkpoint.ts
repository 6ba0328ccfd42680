/** Signing and opening whole checkpoint notes (checkpoint text + signatures). */
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
import { type OpenedNote, openNote, signNote } from "./note.js";
import { NoteError, SIG_TYPE_ED25519, toVerifierKey, type VerifierKey } from "./primitives.js";

/** Formats and signs a checkpoint with the log's Ed25519 note key (key name = origin, as the spec advises). */
export function signCheckpoint(
  c: { origin: string; size: number; rootHash: Uint8Array; extensions?: readonly string[] },
  logKey: { name?: string; secretKey: Uint8Array },
): string {
  return signNote(formatCheckpoint(c), [{ name: logKey.name ?? c.origin, secretKey: logKey.secretKey }]);
}

export interface OpenedCheckpoint extends OpenedNote {
  checkpoint: Checkpoint;
}

/**
 * Opens a signed checkpoint: the note must verify (openNote's rules) with at least one of the
 * given log keys (type 0x01); cosigner keys (0x04) may be given too and are checked alike.
 * Throws NoteError "unverified-note" when no log key signed it.
 */
export function openCheckpoint(note: string | Uint8Array, keys: (string | VerifierKey)[]): OpenedCheckpoint {
  const parsedKeys = keys.map(toVerifierKey);
  const opened = openNote(note, parsedKeys);
  const checkpoint = parseCheckpoint(opened.text);
  if (!opened.verified.some((v) => v.alg === SIG_TYPE_ED25519)) {
    throw new NoteError(
      "unverified-note",
      `checkpoint for ${checkpoint.origin} carries no signature from a log key given`,
    );
  }
  return { ...opened, checkpoint };
}
