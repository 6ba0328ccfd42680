/** The service hashes with node:crypto (identical bytes to @noble/hashes, faster). */
import { installNodeSha256 } from "../cli/node-hash.js";

let done = false;

export function installNodeHashing(): void {
  if (done) return;
  installNodeSha256();
  done = true;
}
