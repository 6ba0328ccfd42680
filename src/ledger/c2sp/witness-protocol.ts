/**
 * Wire format of the tlog-witness `add-checkpoint` call (c2sp.org/tlog-witness).
 *
 * Request (POST <submission prefix>/add-checkpoint), every line ending in "\n":
 *   old <size>                 previous size the client believes the witness cosigned (0 if none)
 *   <base64 hash>…             0..63 consistency proof hashes (RFC 6962 §2.1.2), old → new
 *   (empty line)
 *   <signed checkpoint note>
 *
 * Responses: 200 with one or more cosignature lines; 400 malformed (or old > checkpoint size);
 * 403 no valid signature from a trusted log key; 404 unknown origin; 409 `old` is not the
 * witness's size, body "<its size>\n" as text/x.tlog.size; 422 the proof does not verify, a
 * non-empty proof with old 0, a same-size different root, or a size-0 checkpoint whose root is
 * not the empty tree's.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { toBase64, tryFromBase64 } from "./base64.js";
import { hex, parseSignatureLine, preview, utf8 } from "./primitives.js";

export const ADD_CHECKPOINT_PATH = "/add-checkpoint";
export const TLOG_SIZE_CONTENT_TYPE = "text/x.tlog.size";
export const MAX_CONSISTENCY_PROOF_LINES = 63;

/** Status codes add-checkpoint answers with. */
export const AddCheckpointStatus = {
  ok: 200,
  badRequest: 400,
  forbidden: 403,
  unknownOrigin: 404,
  conflict: 409,
  unprocessable: 422,
} as const;

/** A request or response the protocol rejects; `status` is the HTTP status to answer with. */
export class WitnessProtocolError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "WitnessProtocolError";
  }
}

export interface AddCheckpointRequest {
  oldSize: number;
  consistencyProof: Uint8Array[];
  /** The signed checkpoint note, as sent. */
  checkpointNote: string;
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export function formatAddCheckpointRequest(r: AddCheckpointRequest): string {
  if (!Number.isSafeInteger(r.oldSize) || r.oldSize < 0)
    throw new Error(`old size ${r.oldSize} is not a size`);
  if (r.consistencyProof.length > MAX_CONSISTENCY_PROOF_LINES) {
    throw new Error(`a consistency proof has at most ${MAX_CONSISTENCY_PROOF_LINES} hashes`);
  }
  for (const h of r.consistencyProof)
    if (h.length !== 32) throw new Error("consistency proof hashes are 32 bytes");
  if (!r.checkpointNote.endsWith("\n")) throw new Error("the signed checkpoint must end with a newline");
  const proof = r.consistencyProof.map((h) => `${toBase64(h)}\n`).join("");
  return `old ${r.oldSize}\n${proof}\n${r.checkpointNote}`;
}

/** Parses a request body; throws WitnessProtocolError(400) when malformed. Signatures are not checked here. */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  const bad = (m: string): never => {
    throw new WitnessProtocolError(AddCheckpointStatus.badRequest, m);
  };
  if (typeof body !== "string") bad("request body must be text");
  const blank = body.indexOf("\n\n");
  if (blank < 0) bad("request has no empty line between the consistency proof and the checkpoint");
  const head = body.slice(0, blank).split("\n");
  const checkpointNote = body.slice(blank + 2);
  const oldLine = head[0] ?? "";
  if (!oldLine.startsWith("old ") || !DECIMAL.test(oldLine.slice(4))) {
    bad(`first line must be "old <size>" in decimal without leading zeros, got ${preview(oldLine)}`);
  }
  const oldSize = Number(oldLine.slice(4));
  if (!Number.isSafeInteger(oldSize)) bad("old size is too large");
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_CONSISTENCY_PROOF_LINES) {
    bad(`consistency proof has ${proofLines.length} lines (at most ${MAX_CONSISTENCY_PROOF_LINES})`);
  }
  const consistencyProof = proofLines.map((l, i) => {
    const h = tryFromBase64(l);
    if (h?.length !== 32) bad(`consistency proof line ${i + 1} is not base64 of a 32-byte hash`);
    return h as Uint8Array;
  });
  if (checkpointNote.length === 0) bad("request carries no checkpoint after the empty line");
  return { oldSize, consistencyProof, checkpointNote };
}

/** A witness's answer, independent of the HTTP library carrying it. */
export interface WitnessResponse {
  status: number;
  contentType: string;
  body: string;
}

/** 200: the cosignature lines (each ends in a newline). */
export function cosignedResponse(lines: string[]): WitnessResponse {
  const body = lines.map((l) => parseSignatureLine(l).line).join("");
  return { status: AddCheckpointStatus.ok, contentType: "text/plain; charset=utf-8", body };
}

/** 409: the size of the latest checkpoint the witness cosigned for this origin. */
export function conflictResponse(latestSize: number): WitnessResponse {
  return {
    status: AddCheckpointStatus.conflict,
    contentType: TLOG_SIZE_CONTENT_TYPE,
    body: `${latestSize}\n`,
  };
}

/** Any other refusal (400, 403, 404, 422): a one-line explanation. */
export function errorResponse(status: number, message: string): WitnessResponse {
  return { status, contentType: "text/plain; charset=utf-8", body: `${message.replace(/\n/g, " ")}\n` };
}

/** What a client makes of an add-checkpoint answer. */
export type AddCheckpointOutcome =
  | { kind: "cosigned"; lines: string[] }
  | { kind: "conflict"; size: number }
  | { kind: "refused"; status: number; message: string };

export function interpretAddCheckpointResponse(status: number, body: string): AddCheckpointOutcome {
  if (status === AddCheckpointStatus.ok) return { kind: "cosigned", lines: parseCosignatureResponse(body) };
  if (status === AddCheckpointStatus.conflict) {
    const m = /^(0|[1-9][0-9]*)\n?$/.exec(body);
    if (!m) throw new WitnessProtocolError(502, `witness answered 409 without a size: ${preview(body)}`);
    return { kind: "conflict", size: Number(m[1]) };
  }
  return { kind: "refused", status, message: body.trim() };
}

/** Splits a 200 body into signature lines (each checked for shape, final newline included). */
export function parseCosignatureResponse(body: string): string[] {
  if (!body.endsWith("\n") || body.length < 2) {
    throw new WitnessProtocolError(502, "witness answer must be signature lines ending in a newline");
  }
  return body
    .slice(0, -1)
    .split("\n")
    .map((l) => parseSignatureLine(l).line);
}

/** Lower-case hex SHA-256 of the origin: the path segment of GET <monitoring prefix>/<origin hash>/checkpoint. */
export function originHash(origin: string): string {
  return hex(sha256(utf8(origin)));
}
