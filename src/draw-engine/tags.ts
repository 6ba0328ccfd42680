/**
 * Algorithm ids and domain-separation tags (docs/draw-spec.md §2, §16.2).
 * The meaning of an id or a tag never changes; a new algorithm gets a new id.
 */
export const ALGORITHM_ID = "sortes-draw/v1";
/** Chunked eligible root, position sampling, hash-picked teams, digest signature (spec Part II). */
export const ALGORITHM_V2 = "sortes-draw/v2";
/** The algorithm new rounds are committed with. */
export const CURRENT_ALGORITHM = ALGORITHM_V2;
export const SUPPORTED_ALGORITHMS: readonly string[] = [ALGORITHM_ID, ALGORITHM_V2];

export const TAGS = {
  entityTicket: "sortes-draw/v1/entity-ticket",
  inspectorTicket: "sortes-draw/v1/inspector-ticket",
  eligibleLeaf: "sortes-draw/v1/eligible-leaf",
  inspectorLeaf: "sortes-draw/v1/inspector-leaf",
  conflict: "sortes-draw/v1/conflict",
  contributorCommit: "sortes-draw/v1/contributor-commit",
  commitment: "sortes-draw/v1/commitment",
  seed: "sortes-draw/v1/seed",
  proofSignature: "sortes-draw/v1/proof-signature",
} as const;

/** Tags that sortes-draw/v2 adds; every other purpose keeps its v1 tag (spec §16.2). */
export const TAGS_V2 = {
  eligibleChunk: "sortes-draw/v2/eligible-chunk",
  select: "sortes-draw/v2/select",
  staffingTicket: "sortes-draw/v2/staffing-ticket",
  teamPick: "sortes-draw/v2/team-pick",
  proofSignature: "sortes-draw/v2/proof-signature",
} as const;

/** Entities per chunk leaf of the v2 eligible root (spec §16.3). */
export const V2_CHUNK_SIZE = 1024;

export type TagName = keyof typeof TAGS;
