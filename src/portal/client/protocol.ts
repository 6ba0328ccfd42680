/** Messages between the portal page and the verification Web Worker. */
import type { StepId, StepResult } from "./verify-steps.js";

export interface VerifyRequest {
  type: "verify";
  /** A same-origin URL, or a file the user picked (offline copies). */
  proof: string | Blob;
  eligible: string | Blob;
  expectedPublicKey?: string;
}

/** What the page learnt from the per-entity lookup API, to be checked in the worker. */
export interface InclusionRequest {
  type: "inclusion";
  proofUrl: string;
  code: string;
  stratum: string;
  leafIndex: number;
  treeSize: number;
  path: string[];
  /** sortes-draw/v2: the entries of the entity's chunk (draw-spec §16.8). */
  chunk?: { stratum: string; id: string }[];
  /** The ticket the service claims (checked against a recomputation from the proof's seed). */
  ticket: string | null;
  /** Whether the service claims the entity was drawn (checked against the proof's selections). */
  drawn: boolean | null;
}

export type WorkerRequest = VerifyRequest | InclusionRequest;

export type Phase = "download-proof" | "download-eligible" | "parse" | StepId;

export type WorkerMessage =
  | { type: "progress"; phase: Phase; done: number; total: number }
  | { type: "step"; result: StepResult; ms: number }
  | { type: "done"; ok: boolean; ms: number; downloadMs: number; entities: number; summary: string }
  | { type: "error"; message: string }
  | {
      type: "inclusion";
      entityId: string;
      included: boolean;
      root: string;
      ticket: string | null;
      ticketMatches: boolean | null;
      drawn: boolean;
      drawnMatches: boolean | null;
      rank: number | null;
      team: string[] | null;
    };
