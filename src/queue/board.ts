/**
 * Display boards: server-sent events per branch, fed by PostgreSQL LISTEN/NOTIFY. A call (and a
 * recall, a mode switch) NOTIFYs `qyzmet_queue_board` in its own transaction, so the database
 * delivers it at commit to every server process listening — each process keeps ONE listening
 * connection (`Db.listen`, which reconnects by itself) and writes the event to its own connected
 * boards of that branch. A board that connects gets the current picture first (`board` event).
 */
import type { ServerResponse } from 'node:http';
import type { Db } from '../db/db.ts';
import { BOARD_CHANNEL } from './queue.ts';

/** A comment line every so often keeps proxies and the server's idle timeout from closing a quiet board. */
const HEARTBEAT_MS = 20_000;

export class BoardHub {
  readonly #subs = new Map<string, Set<ServerResponse>>();
  #listening: Promise<(() => Promise<void>) | null> | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  /** Events delivered to boards (for tests and the bench). */
  readonly stats = { events: 0, writes: 0 };

  constructor(private readonly db: Db) {}

  /** Start listening (once per process); later calls wait for the first. */
  start(): Promise<unknown> {
    this.#listening ??= this.db
      .listen([BOARD_CHANNEL], (_ch, payload) => this.#dispatch(payload), { name: 'qyzmet-board' })
      .catch(() => null);
    if (!this.#heartbeat) {
      this.#heartbeat = setInterval(() => {
        for (const set of this.#subs.values()) for (const res of set) res.write(': keep-alive\n\n');
      }, HEARTBEAT_MS);
      this.#heartbeat.unref();
    }
    return this.#listening;
  }

  subscribe(branchId: string, res: ServerResponse): () => void {
    let set = this.#subs.get(branchId);
    if (!set) this.#subs.set(branchId, (set = new Set()));
    set.add(res);
    return () => {
      set.delete(res);
      if (!set.size) this.#subs.delete(branchId);
    };
  }

  /** Boards connected to this process (all branches, or one). */
  connected(branchId?: string): number {
    if (branchId) return this.#subs.get(branchId)?.size ?? 0;
    let n = 0;
    for (const s of this.#subs.values()) n += s.size;
    return n;
  }

  #dispatch(payload: string): void {
    let msg: { branch?: unknown; event?: unknown };
    try {
      msg = JSON.parse(payload) as { branch?: unknown; event?: unknown };
    } catch {
      return;
    }
    if (typeof msg.branch !== 'string' || typeof msg.event !== 'string') return;
    const set = this.#subs.get(msg.branch);
    this.stats.events++;
    if (!set) return;
    const frame = `event: ${msg.event}\ndata: ${payload}\n\n`;
    for (const res of set) {
      res.write(frame);
      this.stats.writes++;
    }
  }

  async close(): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    for (const set of this.#subs.values()) for (const res of set) res.end();
    this.#subs.clear();
    const stop = await this.#listening;
    this.#listening = null;
    await stop?.();
  }
}
