/**
 * Sortes command line. Subcommands:
 *   verify PROOF --eligible FILE     re-run a published draw; prints PASS or the first mismatch
 *   verify-inclusion …               check that one entity was in the committed eligible set
 *   prove-inclusion …                make such a proof from the eligible set
 *   commit                           make a contributor nonce and its commitment H(tag ‖ nonce)
 *   department … / token …           administration (src/cli/admin.ts, loaded only when asked for)
 *   ledger verify|dump …             check the transparency ledger (src/cli/ledger.ts)
 *   audit …                          public tables vs the signed proof and the ledger (src/cli/audit.ts)
 *   witness keygen|serve|key|evidence  a standalone tlog-witness (src/cli/witness.ts)
 * Exit codes: 0 pass, 1 verification failed, 2 bad usage or unreadable input.
 */
import { randomBytes } from "node:crypto";
import { contributorCommitment, DrawError, MIN_NONCE_BYTES, toHex } from "../draw-engine/index.js";
import { installNodeSha256 } from "./node-hash.js";
import { cmdProveInclusion, cmdVerify, cmdVerifyInclusion, type Io } from "./verify.js";
import { InputError } from "./verify-io.js";

const USAGE = `usage: sortes <command>
  verify PROOF --eligible FILE [--public-key HEX] [--csv|--ndjson]
         [--url URL --witness NAME+KEY … [--quorum N] [--log-key KEY]]
  verify-inclusion FILE.json [--proof PROOF.json] | --root HEX --size N --index I --stratum S --id ID --path H1,H2,…
  prove-inclusion --eligible FILE --id ID [--algorithm sortes-draw/v2|sortes-draw/v1]
  commit            print a fresh ${MIN_NONCE_BYTES}-byte nonce (keep it secret until the reveal) and its commitment
  department … | token … | account …   administration commands (see: sortes token; also as sortes admin …)
  ledger verify|dump …     check a saved signed tree head and an artefact's inclusion (see: sortes ledger)
  notify worker [--once]   deliver the notification outbox (webhooks, e-mail, SMS)
  audit --url URL (--round ID | --department CODE) [--sth SAVED.json] [--key HEX] [--lookups N]
                           compare the public drawn list, lookups and findings with the signed proof and ledger
  witness keygen|serve|key|evidence …   run a witness that cosigns ledger checkpoints (see: sortes witness)
sortes <command> --help describes one command.`;

/** `sortes <command> --help`: what each command does, printed to stdout (exit 0). */
const HELP: Record<string, string> = {
  verify: `usage: sortes verify PROOF --eligible FILE [--public-key HEX] [--csv|--ndjson]
                     [--url URL --witness NAME+KEY … [--quorum N] [--log-key KEY]]
Re-runs a published draw offline: checks the signature, the commitment, the entropy and every
drawn entity and team against the eligible set (NDJSON or CSV as the public routes serve it).
With --witness (repeatable; a witness's cosignature verifier key, as \`sortes witness keygen\`
prints it) and --url, also checks that the proof is pinned by its round.proof ledger entry and
that this entry is in a checkpoint of the department's log cosigned by at least --quorum N of
those witnesses (default: all), with an inclusion proof to the cosigned root. --log-key pins the
log's key (hex Ed25519 or a C2SP verifier key); default: GET /public/keys.
Prints PASS, or the first mismatch in plain words. Exit 0 pass, 1 fail, 2 bad input.`,
  "verify-inclusion": `usage: sortes verify-inclusion FILE.json [--proof PROOF.json] [--root HEX]
       sortes verify-inclusion --root HEX --size N --index I --stratum S --id ID --path H1,H2,…
Checks that one entity was in a round's committed eligible set. FILE is an inclusion proof or
the answer of GET /public/rounds/{id}/entities/{code} saved as served. --proof pins the root to
the round's signed proof and checks the lookup's drawn, rank (1-based) and ticket against it;
--root pins the root alone. Exit 0 pass, 1 fail, 2 bad input.`,
  "prove-inclusion": `usage: sortes prove-inclusion --eligible FILE --id ID [--algorithm sortes-draw/v2|sortes-draw/v1] [--csv|--ndjson]
Builds the inclusion proof of one entity from a downloaded eligible set.`,
  commit: `usage: sortes commit
For a round's entropy contributor: prints a fresh ${MIN_NONCE_BYTES}-byte random nonce and its commitment
H(tag ‖ nonce). Give the operator ONLY the commitment now; keep the nonce secret and reveal it
after the round's commitment is published. Takes no arguments.`,
};

function cmdCommit(rest: string[], io: Io): number {
  // Anything else on the line is a mistake: never print a nonce the caller did not ask for.
  if (rest.length > 0) throw new InputError(`sortes commit takes no arguments (got ${rest.join(" ")})`);
  const nonce = new Uint8Array(randomBytes(MIN_NONCE_BYTES));
  io.out(JSON.stringify({ nonce: toHex(nonce), commitment: toHex(contributorCommitment(nonce)) }, null, 2));
  io.err(
    "Give the operator ONLY the commitment now. Keep the nonce secret and reveal it after the commitment is published.",
  );
  return 0;
}

export function run(argv: string[], io: Io): number {
  installNodeSha256();
  const [cmd, ...rest] = argv;
  if (cmd === "help" || cmd === "--help" || cmd === "-h") {
    io.out(USAGE);
    return 0;
  }
  const help = cmd === undefined ? undefined : HELP[cmd];
  if (help && (rest.includes("--help") || rest.includes("-h"))) {
    io.out(help);
    return 0;
  }
  try {
    switch (cmd) {
      case "verify":
        return cmdVerify(rest, io);
      case "verify-inclusion":
        return cmdVerifyInclusion(rest, io);
      case "prove-inclusion":
        return cmdProveInclusion(rest, io);
      case "commit":
        return cmdCommit(rest, io);
      default:
        io.err(USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof DrawError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

const argv = process.argv.slice(2);
const witnessedVerify = (a: string[]) =>
  a[0] === "verify" &&
  !a.includes("--help") &&
  !a.includes("-h") &&
  a.some((x) => ["--url", "--witness", "--quorum", "--log-key"].includes(x));
if (witnessedVerify(argv)) {
  // Needs the network (async); the offline verifier stays synchronous.
  const { cmdVerifyWitnessed } = await import("./verify-witnessed.js");
  const io = {
    out: (l: string) => process.stdout.write(`${l}\n`),
    err: (l: string) => process.stderr.write(`${l}\n`),
  };
  process.exitCode = await cmdVerifyWitnessed(argv.slice(1), io).catch((e: unknown) => {
    if (!(e instanceof InputError || e instanceof DrawError)) throw e;
    io.err(`error: ${e.message}`);
    return 2;
  });
} else if (argv[0] === "audit") {
  const { auditCli } = await import("./audit.js");
  process.exitCode = await auditCli(argv.slice(1), {
    out: (l: string) => process.stdout.write(`${l}\n`),
    err: (l: string) => process.stderr.write(`${l}\n`),
  });
} else if (argv[0] === "ledger") {
  const { ledgerCli } = await import("./ledger.js");
  process.exitCode = await ledgerCli(argv.slice(1), {
    out: (l: string) => process.stdout.write(`${l}\n`),
    err: (l: string) => process.stderr.write(`${l}\n`),
  });
} else if (argv[0] === "notify") {
  const { notifyCli } = await import("./notify.js");
  process.exitCode = await notifyCli(argv.slice(1), {
    out: (l: string) => process.stdout.write(`${l}\n`),
    err: (l: string) => process.stderr.write(`${l}\n`),
  });
} else if (argv[0] === "witness") {
  const { witnessCli } = await import("./witness.js");
  process.exitCode = await witnessCli(argv.slice(1), {
    out: (l: string) => process.stdout.write(`${l}\n`),
    err: (l: string) => process.stderr.write(`${l}\n`),
  });
} else if (argv[0] === "department" || argv[0] === "token" || argv[0] === "account" || argv[0] === "admin") {
  // The verifier must not need a database; admin code is loaded only on demand.
  // `sortes admin account create …` and `sortes account create …` are the same command.
  const { runAdminCli } = await import("./admin.js");
  process.exitCode = await runAdminCli(argv[0] === "admin" ? argv.slice(1) : argv);
} else {
  process.exitCode = run(argv, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  });
}
