#!/usr/bin/env node
// Wharf runs its TypeScript directly through tsx: no build step between a clone and a running platform.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
