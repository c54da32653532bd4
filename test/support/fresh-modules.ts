import { vi } from 'vitest';

/**
 * Runs before each test file of the project that reuses one worker process for many files
 * (`isolate: false` in vitest.config.ts). The handlers read their configuration at import, like a
 * Lambda cold start, so each file must import them afresh for the local stack it starts: this
 * forgets our modules, while the packages under node_modules (the AWS SDK, dynalite, zod...)
 * stay loaded. Importing them again for every file cost about a CPU-second each.
 */
vi.resetModules();
