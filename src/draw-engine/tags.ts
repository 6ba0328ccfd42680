/**
 * Algorithm id and domain-separation tags (docs/draw-spec.md §2).
 * The meaning of an id or a tag never changes; a new algorithm gets a new id.
 */
export const ALGORITHM_ID = "sortes-draw/v1";
export const SUPPORTED_ALGORITHMS: readonly string[] = [ALGORITHM_ID];

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

export type TagName = keyof typeof TAGS;
