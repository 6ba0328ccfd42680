#!/usr/bin/env node
// Launcher: runs the CLI compiled to plain JavaScript in dist/cli (bin/build-cli.mjs; `npm install`
// builds it), compiling it first when it is missing or a source it was built from changed since.
import { pathToFileURL } from "node:url";
import { buildCli, freshCliEntry } from "./build-cli.mjs";

const entry = freshCliEntry() ?? (await buildCli({ quiet: true }));
await import(pathToFileURL(entry).href);
