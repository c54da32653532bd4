import { newOpaqueToken } from './random-values.ts';

/** Access tokens issued by the token endpoint, each with its expiry on the simulator clock. */
export class AccessTokens {
  readonly #expiresAt = new Map<string, number>();
  readonly #now: () => number;
  readonly #lifetimeMs: number;

  constructor(now: () => number, lifetimeSeconds: number) {
    this.#now = now;
    this.#lifetimeMs = lifetimeSeconds * 1000;
  }

  issue(): string {
    const token = newOpaqueToken();
    this.#expiresAt.set(token, this.#now() + this.#lifetimeMs);
    return token;
  }

  isValid(token: string): boolean {
    const expiresAt = this.#expiresAt.get(token);
    if (expiresAt === undefined) return false;
    if (this.#now() < expiresAt) return true;
    this.#expiresAt.delete(token);
    return false;
  }

  revokeAll(): void {
    this.#expiresAt.clear();
  }
}
