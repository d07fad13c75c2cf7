#!/usr/bin/env node
import { startingUp } from './start-up-memory.js';

// The V8 flags for start-up are set before the rest is even loaded: loading it allocates too.
startingUp();
await import('./serve.js');
