#!/usr/bin/env node
// Runs the TypeScript entry through tsx so `npx lob` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
