#!/usr/bin/env node
// The tracker is TypeScript run by tsx (like the server): register its loader, then start.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
