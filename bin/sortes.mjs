#!/usr/bin/env node
// Launcher: runs the TypeScript CLI (src/cli/main.ts) through tsx.
import { tsImport } from "tsx/esm/api";

await tsImport("../src/cli/main.ts", import.meta.url);
