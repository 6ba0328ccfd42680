/** The service hashes with node:crypto (identical bytes to @noble/hashes, faster). */
import { useNodeSha256 } from "../cli/node-hash.js";

let done = false;

export function useNodeHashing(): void {
  if (done) return;
  useNodeSha256();
  done = true;
}
