/**
 * Circuit breaker, one per connector (per process):
 *   closed    — calls pass; `failureThreshold` consecutive failures open it;
 *   open      — calls are rejected at once (GATEWAY_UNAVAILABLE) for `cooldownMs`;
 *   half-open — after the cool-down up to `halfOpenMaxCalls` probes pass; a success closes
 *               the circuit, a failure opens it again for another cool-down.
 * Only remote failures count (timeouts, errors); "not found" and "rejected" answers prove
 * the system is up and count as successes.
 */
import type { BreakerConfig } from './types.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  openedAt: number | null;
  /** ms until a probe is allowed (0 unless open). */
  retryAfterMs: number;
  opens: number;
}

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt: number | null = null;
  #probes = 0;
  #opens = 0;

  constructor(
    private config: () => BreakerConfig,
    private now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    this.#tick();
    return this.#state;
  }

  #tick() {
    if (this.#state === 'open' && this.#openedAt !== null && this.now() - this.#openedAt >= this.config().cooldownMs) {
      this.#state = 'half-open';
      this.#probes = 0;
    }
  }

  /** May a call go out now? Takes a half-open probe slot when it says yes in half-open state. */
  tryAcquire(): boolean {
    this.#tick();
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') return false;
    if (this.#probes < Math.max(1, this.config().halfOpenMaxCalls)) {
      this.#probes++;
      return true;
    }
    return false;
  }

  onSuccess() {
    this.#failures = 0;
    if (this.#state !== 'closed') {
      this.#state = 'closed';
      this.#openedAt = null;
      this.#probes = 0;
    }
  }

  onFailure() {
    this.#failures++;
    if (this.#state === 'half-open' || (this.#state === 'closed' && this.#failures >= this.config().failureThreshold)) this.#open();
  }

  #open() {
    this.#state = 'open';
    this.#openedAt = this.now();
    this.#probes = 0;
    this.#opens++;
  }

  retryAfterMs(): number {
    this.#tick();
    if (this.#state !== 'open' || this.#openedAt === null) return 0;
    return Math.max(0, this.config().cooldownMs - (this.now() - this.#openedAt));
  }

  reset() {
    this.#state = 'closed';
    this.#failures = 0;
    this.#openedAt = null;
    this.#probes = 0;
  }

  snapshot(): BreakerSnapshot {
    return { state: this.state, consecutiveFailures: this.#failures, openedAt: this.#openedAt, retryAfterMs: this.retryAfterMs(), opens: this.#opens };
  }
}
