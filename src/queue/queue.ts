/**
 * The electronic queue's actions (README.md), each an ActionSpec run by the one executor
 * (src/actions/executor.ts): issue a ticket at the kiosk, book a slot, check a booking in, call the
 * next ticket to a window, recall, start serving, mark a no-show, redirect, finish, and switch the
 * branch between the electronic and a live queue. Every change writes the ticket, its period rows
 * and the audit event in one transaction; a call also NOTIFYs the display boards at commit.
 */
import { z } from 'zod';
import type { ActionSpec } from '../actions/executor.ts';
import { execute } from '../actions/executor.ts';
import type { ActorRef } from '../actions/ledger.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { atLocal, localDate, localMinutes } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { isUniqueViolation } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { type BranchOrg, isBranch, openOn } from '../organisations/branches.ts';
import type { ServiceGroups } from './groups.ts';

/** The channel display boards LISTEN on (board.ts); the payload names the branch. */
export const BOARD_CHANNEL = 'qyzmet_queue_board';

/** Maximum waiting and serving time (004 cl.7, L21–23), in minutes. */
export const NORM_MINUTES = 20;
/** A booking is on time when checked in from 15 minutes before its slot until 5 minutes after it. */
export const ON_TIME_BEFORE_MIN = 15;
export const ON_TIME_AFTER_MIN = 5;
export const SLOT_MINUTES = 15;
export const BOOKING_DAYS_AHEAD = 30;

/** The queue's clock: the time of every action (tests set it; the server keeps the real one). */
export const queueClock = { now: (): Date => new Date() };

export type TicketState = 'waiting' | 'called' | 'serving' | 'done' | 'no-show';
export const PRIORITY_REASONS = ['disability', 'elderly', 'pregnant'] as const;

/** Which ticket actions each state allows (after OpenCRVS's action tables). */
export const TICKET_ACTIONS = {
  waiting: [],
  called: ['recall', 'start', 'no-show', 'redirect', 'done'],
  serving: ['redirect', 'done'],
  done: [],
  'no-show': [],
} as const satisfies Record<TicketState, readonly string[]>;
export type TicketAction = 'recall' | 'start' | 'no-show' | 'redirect' | 'done';

export interface TicketRow {
  id: string;
  branch_id: string;
  day: string;
  service_group: string;
  number: string;
  lang: 'kk' | 'ru';
  source: 'kiosk' | 'booking';
  priority: number;
  priority_reason: string | null;
  state: TicketState;
  window_id: string | null;
  for_window: string | null;
  operator_id: string | null;
  booking_id: string | null;
  recalls: number;
  issued_at: Date;
  updated_at: Date;
  arrival: number;
}

export interface QueueDeps {
  ctx: AppContext;
  groups: ServiceGroups;
}

export function branchOf(ctx: AppContext, id: string): BranchOrg {
  const b = ctx.orgs.get(id);
  if (!isBranch(b)) throw new AppError('UNKNOWN_BRANCH', { path: '/params/id' });
  return b;
}

function windowOf(b: BranchOrg, id: string, path = '/params/window') {
  const w = b.branch.windows.find((x) => x.id === id);
  if (!w) throw new AppError('UNKNOWN_WINDOW', { path });
  return w;
}

/** Is the branch open at `at` (its timetable on the working calendar)? */
export function isOpenAt(b: BranchOrg, at: Date, cal: WorkCalendar): boolean {
  const h = openOn(b, localDate(at), cal);
  if (!h) return false;
  const m = localMinutes(at);
  const min = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  return m >= min(h.from) && m < min(h.until);
}

/** Operators (and the head) of this branch only: anyone else 403 NOT_THIS_BRANCH. */
function assertBranchStaff(actor: ActorRef, b: BranchOrg): void {
  if (actor.orgId !== b.id || !['centre-operator', 'branch-head'].includes(actor.role)) throw new AppError('NOT_THIS_BRANCH');
}

async function modeOf(q: Queryable, branchId: string): Promise<'electronic' | 'live'> {
  const r = await q.query<{ mode: 'electronic' | 'live' }>('SELECT mode FROM queue_branch_modes WHERE branch_id = $1', [branchId], 'queue_mode');
  return r.rows[0]?.mode ?? 'electronic';
}

const TICKET_COLS = 'id, branch_id, day, service_group, number, lang, source, priority, priority_reason, state, window_id, for_window, operator_id, booking_id, recalls, issued_at, updated_at, arrival';

/** How many waiting tickets are called before this one (of the windows that serve its group: 1 = next). */
async function positionOf(q: Queryable, t: Pick<TicketRow, 'branch_id' | 'day' | 'service_group' | 'priority' | 'arrival'>): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM queue_tickets
      WHERE branch_id = $1 AND day = $2 AND state = 'waiting' AND service_group = $3 AND for_window IS NULL
        AND (priority > $4 OR (priority = $4 AND arrival < $5))`,
    [t.branch_id, t.day, t.service_group, t.priority, t.arrival],
    'queue_position',
  );
  return (r.rows[0]?.n ?? 0) + 1;
}

/** Insert a waiting ticket with its first period (one statement: the number from the day's counter). */
async function insertTicket(
  q: Queryable,
  groups: ServiceGroups,
  t: { branchId: string; group: string; lang: 'kk' | 'ru'; source: 'kiosk' | 'booking'; priority: number; reason: string | null; bookingId: string | null; now: Date },
): Promise<TicketRow & { position: number }> {
  const letter = groups.get(t.group)!.letter;
  const id = uuid7(t.now.getTime());
  const r = await q.query<TicketRow & { position: number }>(
    `WITH c AS (
       INSERT INTO queue_counters (branch_id, day, service_group, last)
       SELECT $2, $3, $4, 1 WHERE NOT EXISTS (SELECT 1 FROM queue_branch_modes WHERE branch_id = $2 AND mode = 'live')
       ON CONFLICT (branch_id, day, service_group) DO UPDATE SET last = queue_counters.last + 1
       RETURNING last
     ), t AS (
       INSERT INTO queue_tickets (id, branch_id, day, service_group, number, lang, source, priority, priority_reason, state, booking_id, issued_at, updated_at)
       SELECT $1, $2, $3, $4, $5 || lpad(c.last::text, 3, '0'), $6, $7, $8, $9, 'waiting', $10, $11, $11 FROM c
       RETURNING ${TICKET_COLS}
     ), p AS (
       INSERT INTO queue_periods (ticket_id, branch_id, state, started_at) SELECT id, branch_id, 'waiting', issued_at FROM t
     )
     -- Everyone already waiting for the group with at least this priority is ahead (the new row is not in this snapshot).
     SELECT t.*, 1 + (SELECT count(*)::int FROM queue_tickets w
                       WHERE w.branch_id = $2 AND w.day = $3 AND w.state = 'waiting' AND w.service_group = $4 AND w.for_window IS NULL AND w.priority >= $8) AS position
       FROM t`,
    [id, t.branchId, localDate(t.now), t.group, letter, t.lang, t.source, t.priority, t.reason, t.bookingId, t.now],
    'queue_ticket_insert',
  );
  // The branch is in a live queue (a failure, 002 cl.6): no ticket.
  if (!r.rows[0]) throw new AppError('QUEUE_LIVE');
  return r.rows[0];
}

// ------------------------------------------------------------------ kiosk: a ticket

const TicketBody = z
  .object({
    serviceGroup: z.string().max(60),
    lang: z.enum(['kk', 'ru']),
    /** A person with a disability, an elderly person, a pregnant woman: served first (002 cl.12). */
    priority: z.enum(PRIORITY_REASONS).optional(),
  })
  .strict();

export interface IssuedTicket {
  id: string;
  number: string;
  position: number;
  serviceGroup: string;
  day: string;
  priority: string | null;
}

function issueSpec(d: QueueDeps): ActionSpec<BranchOrg, z.infer<typeof TicketBody>, IssuedTicket> {
  return {
    name: 'queue.ticket.issue',
    body: TicketBody,
    load: async (_q, ctx, id) => branchOf(ctx, id),
    authorise: () => {},
    allowed: () => {},
    apply: async ({ ctx, q, subject: b, body, now }) => {
      if (!d.groups.get(body.serviceGroup) || !b.branch.windows.some((w) => w.groups.includes(body.serviceGroup))) throw new AppError('UNKNOWN_SERVICE_GROUP', { path: '/serviceGroup' });
      if (!isOpenAt(b, now, ctx.calendar)) throw new AppError('BRANCH_CLOSED');
      const t = await insertTicket(q, d.groups, { branchId: b.id, group: body.serviceGroup, lang: body.lang, source: 'kiosk', priority: body.priority ? 2 : 0, reason: body.priority ?? null, bookingId: null, now });
      const position = t.position;
      return {
        audit: [{ event: 'queue.ticket.issued', subject: { type: 'ticket', id: t.id }, data: { branch: b.id, number: t.number, group: t.service_group, priority: t.priority_reason } }],
        result: { id: t.id, number: t.number, position, serviceGroup: t.service_group, day: t.day, priority: t.priority_reason },
      };
    },
  };
}

export const issueTicket = (d: QueueDeps, branchId: string, body: unknown, now = queueClock.now()) =>
  execute(d.ctx, issueSpec(d), { actor: { id: null, role: 'kiosk' }, subjectId: branchId, body, now });

// ------------------------------------------------------------------ call next

export interface CalledTicket {
  id: string;
  number: string;
  window: string;
  serviceGroup: string;
  priority: string | null;
  waitedSeconds: number;
}

interface WindowSubject {
  branch: BranchOrg;
  window: { id: string; groups: string[] };
}

function callNextSpec(): ActionSpec<WindowSubject, Record<string, never>, CalledTicket> {
  return {
    name: 'queue.call-next',
    body: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    load: async (q, ctx, id) => {
      const [branchId, windowId] = id.split('/') as [string, string];
      const branch = branchOf(ctx, branchId);
      const window = windowOf(branch, windowId);
      return { branch, window };
    },
    authorise: (actor, s) => assertBranchStaff(actor, s.branch),
    allowed: () => {},
    apply: async ({ q, actor, subject: s, now }) => {
      // The next ticket: redirected to this window first, then priority, then arrival — taken
      // under a row lock that a concurrent call skips (it takes the one after). One statement; a
      // window that already has a ticket called trips the unique index queue_tickets_at_window.
      const busy = () => new AppError('WINDOW_BUSY', { details: { window: s.window.id } });
      const r = await q
        .query<TicketRow & { waited: number }>(
        `WITH next AS (
           SELECT id FROM queue_tickets
            WHERE branch_id = $1 AND day = $2 AND state = 'waiting'
              AND (for_window = $3 OR (for_window IS NULL AND service_group = ANY($4::text[])))
            ORDER BY (for_window IS NOT NULL) DESC, priority DESC, arrival
            LIMIT 1 FOR UPDATE SKIP LOCKED
         ), upd AS (
           UPDATE queue_tickets t SET state = 'called', window_id = $3, for_window = NULL, operator_id = $5, updated_at = $6
             FROM next WHERE t.id = next.id
           RETURNING t.id, t.branch_id, t.number, t.service_group, t.priority_reason, t.issued_at
         ), closed AS (
           UPDATE queue_periods p SET ended_at = $6 FROM upd WHERE p.ticket_id = upd.id AND p.ended_at IS NULL
         ), opened AS (
           INSERT INTO queue_periods (ticket_id, branch_id, state, window_id, operator_id, started_at)
           SELECT id, branch_id, 'called', $3, $5, $6 FROM upd
         )
         SELECT upd.*, extract(epoch FROM ($6::timestamptz - upd.issued_at))::float8 AS waited,
                pg_notify('${BOARD_CHANNEL}', json_build_object('branch', upd.branch_id, 'event', 'called', 'ticket', upd.id, 'number', upd.number, 'window', $3::text, 'at', $6::timestamptz)::text)
           FROM upd`,
          [s.branch.id, localDate(now), s.window.id, s.window.groups, actor.id, now],
          'queue_call_next',
        )
        .catch((e: unknown) => {
          throw isUniqueViolation(e) ? busy() : e;
        });
      const t = r.rows[0];
      if (!t) {
        const held = await q.query(`SELECT 1 FROM queue_tickets WHERE branch_id = $1 AND window_id = $2 AND day = $3 AND state IN ('called', 'serving')`, [s.branch.id, s.window.id, localDate(now)]);
        throw held.rows.length ? busy() : new AppError('QUEUE_EMPTY', { details: { window: s.window.id } });
      }
      return {
        audit: [{ event: 'queue.ticket.called', subject: { type: 'ticket', id: t.id }, data: { branch: s.branch.id, window: s.window.id, number: t.number } }],
        result: { id: t.id, number: t.number, window: s.window.id, serviceGroup: t.service_group, priority: t.priority_reason, waitedSeconds: Math.round(t.waited) },
      };
    },
  };
}

const CALL_NEXT = callNextSpec();

export const callNext = (ctx: AppContext, actor: ActorRef, branchId: string, windowId: string, now = queueClock.now()) =>
  execute(ctx, CALL_NEXT, { actor, subjectId: `${branchId}/${windowId}`, body: {}, now });

// ------------------------------------------------------------------ a called ticket's actions

const ActionBody = z
  .object({
    /** redirect: the window it goes to, and the group when the visitor needs another service. */
    window: z.string().max(10).optional(),
    serviceGroup: z.string().max(60).optional(),
  })
  .strict();

interface TicketSubject {
  ticket: TicketRow;
  branch: BranchOrg;
}

export interface TicketActionResult {
  id: string;
  number: string;
  state: TicketState;
  window: string | null;
}

function ticketSpec(d: QueueDeps, action: TicketAction): ActionSpec<TicketSubject, z.infer<typeof ActionBody>, TicketActionResult> {
  return {
    name: `queue.ticket.${action}`,
    body: ActionBody,
    load: async (q, ctx, id) => {
      const [branchId, ticketId] = id.split('/') as [string, string];
      const branch = branchOf(ctx, branchId);
      if (!/^[0-9a-f-]{36}$/i.test(ticketId)) throw new AppError('UNKNOWN_TICKET', { path: '/params/ticket' });
      const r = await q.query<TicketRow>(`SELECT ${TICKET_COLS} FROM queue_tickets WHERE id = $1 AND branch_id = $2 FOR UPDATE`, [ticketId, branchId], 'queue_ticket_lock');
      if (!r.rows[0]) throw new AppError('UNKNOWN_TICKET', { path: '/params/ticket' });
      return { ticket: r.rows[0], branch };
    },
    authorise: (actor, s) => assertBranchStaff(actor, s.branch),
    allowed: (s) => {
      if ((TICKET_ACTIONS[s.ticket.state] as readonly string[]).includes(action)) return;
      throw new AppError('TICKET_STATE', { details: { state: s.ticket.state, action } });
    },
    apply: async ({ q, actor, subject: s, body, now }) => {
      const t = s.ticket;
      if (t.day !== localDate(now)) throw new AppError('TICKET_EXPIRED', { path: '/params/ticket' });
      let next: TicketState = t.state;
      let windowId: string | null = t.window_id;
      let forWindow: string | null = null;
      let group = t.service_group;
      let notify: string | null = null;
      switch (action) {
        case 'recall':
          notify = 'recalled';
          break;
        case 'start':
          next = 'serving';
          break;
        case 'no-show':
          next = 'no-show';
          break;
        case 'done':
          next = 'done';
          break;
        case 'redirect': {
          if (!body.window) throw new AppError('VALIDATION_FAILED', { path: '/window' });
          const target = windowOf(s.branch, body.window, '/window');
          if (target.id === t.window_id) throw new AppError('REDIRECT_SAME_WINDOW', { path: '/window' });
          if (body.serviceGroup) {
            if (!d.groups.get(body.serviceGroup)) throw new AppError('UNKNOWN_SERVICE_GROUP', { path: '/serviceGroup' });
            group = body.serviceGroup;
          }
          if (!target.groups.includes(group)) throw new AppError('REDIRECT_WINDOW_GROUP', { path: '/window' });
          next = 'waiting';
          windowId = null;
          forWindow = target.id;
          break;
        }
      }
      if (next !== t.state || action === 'redirect') {
        const opens = next === 'waiting' || next === 'called' || next === 'serving';
        await q.query(
          `WITH upd AS (
             UPDATE queue_tickets SET state = $2, window_id = $3, for_window = $4, service_group = $5, updated_at = $6 WHERE id = $1 RETURNING id, branch_id
           ), closed AS (
             UPDATE queue_periods SET ended_at = $6 WHERE ticket_id = $1 AND ended_at IS NULL
           )
           INSERT INTO queue_periods (ticket_id, branch_id, state, window_id, operator_id, started_at)
           SELECT id, branch_id, $2, $3, $7, $6 FROM upd WHERE $8::boolean`,
          [t.id, next, windowId, forWindow, group, now, actor.id, opens],
          'queue_ticket_move',
        );
      } else {
        await q.query('UPDATE queue_tickets SET recalls = recalls + 1, updated_at = $2 WHERE id = $1', [t.id, now], 'queue_ticket_recall');
      }
      if (notify) await q.query(`SELECT pg_notify($1, $2)`, [BOARD_CHANNEL, JSON.stringify({ branch: t.branch_id, event: notify, ticket: t.id, number: t.number, window: t.window_id, at: now })]);
      return {
        audit: [{ event: `queue.ticket.${action}`, subject: { type: 'ticket', id: t.id }, data: { branch: t.branch_id, number: t.number, from: t.state, to: next, window: t.window_id, ...(forWindow ? { to_window: forWindow, group } : {}) } }],
        result: { id: t.id, number: t.number, state: next, window: next === 'waiting' ? forWindow : windowId },
      };
    },
  };
}

export function ticketAction(d: QueueDeps, action: TicketAction, actor: ActorRef, branchId: string, ticketId: string, body: unknown, now = queueClock.now()) {
  return execute(d.ctx, ticketSpec(d, action), { actor, subjectId: `${branchId}/${ticketId}`, body, now });
}

// ------------------------------------------------------------------ bookings

const BookingBody = z
  .object({
    serviceGroup: z.string().max(60),
    /** The slot's start, local time (e.g. 2026-12-08T10:15, or with an offset). */
    slotAt: z.string().max(40),
  })
  .strict();

export interface BookingView {
  id: string;
  branch: string;
  serviceGroup: string;
  slotAt: string;
  state: string;
}

function bookSpec(d: QueueDeps, slotAt: Date | null): ActionSpec<BranchOrg, z.infer<typeof BookingBody>, BookingView> {
  return {
    name: 'queue.booking.create',
    body: BookingBody,
    load: async (_q, ctx, id) => branchOf(ctx, id),
    authorise: (actor) => {
      if (!actor.id) throw new AppError('UNAUTHENTICATED');
    },
    allowed: () => {},
    apply: async ({ ctx, q, actor, subject: b, body, now }) => {
      if (!d.groups.get(body.serviceGroup) || !b.branch.windows.some((w) => w.groups.includes(body.serviceGroup))) throw new AppError('UNKNOWN_SERVICE_GROUP', { path: '/serviceGroup' });
      if (!slotAt) throw new AppError('INVALID_DATE', { path: '/slotAt' });
      checkSlot(b, slotAt, now, ctx.calendar);
      // Capacity: one booked visitor per window serving the group per slot.
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`queue-slot:${b.id}:${body.serviceGroup}:${slotAt.toISOString()}`]);
      const taken = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM queue_bookings WHERE branch_id = $1 AND service_group = $2 AND slot_at = $3 AND state <> 'cancelled'`, [b.id, body.serviceGroup, slotAt]);
      const capacity = b.branch.windows.filter((w) => w.groups.includes(body.serviceGroup)).length;
      if ((taken.rows[0]?.n ?? 0) >= capacity) throw new AppError('SLOT_FULL', { path: '/slotAt' });
      const id = uuid7(now.getTime());
      const mine = await q.query(`SELECT 1 FROM queue_bookings WHERE person_id = $1 AND service_group = $2 AND state = 'active'`, [actor.id, body.serviceGroup]);
      if (mine.rows.length) throw new AppError('DOUBLE_BOOKING', { path: '/serviceGroup' });
      try {
        await q.query(`INSERT INTO queue_bookings (id, branch_id, service_group, person_id, slot_at, state, created_at) VALUES ($1,$2,$3,$4,$5,'active',$6)`, [id, b.id, body.serviceGroup, actor.id, slotAt, now]);
      } catch (e) {
        // Two bookings of one person at the same moment: the unique index keeps one (the transaction is rolled back).
        if (isUniqueViolation(e)) throw new AppError('DOUBLE_BOOKING', { path: '/serviceGroup' });
        throw e;
      }
      return {
        audit: [{ event: 'queue.booking.created', subject: { type: 'booking', id }, data: { branch: b.id, group: body.serviceGroup, slotAt: slotAt.toISOString() } }],
        result: { id, branch: b.id, serviceGroup: body.serviceGroup, slotAt: slotAt.toISOString(), state: 'active' },
      };
    },
  };
}

/** A slot: the start of a 15-minute slot, not past, ≤ 30 days ahead, on a working day, within the branch's hours. */
export function checkSlot(b: BranchOrg, slotAt: Date, now: Date, cal: WorkCalendar): void {
  const path = '/slotAt';
  if (slotAt.getTime() <= now.getTime()) throw new AppError('BOOKING_IN_PAST', { path });
  if (slotAt.getTime() - now.getTime() > BOOKING_DAYS_AHEAD * 86_400_000) throw new AppError('BOOKING_TOO_FAR', { path });
  const m = localMinutes(slotAt);
  if (m % SLOT_MINUTES !== 0 || slotAt.getUTCSeconds() !== 0 || slotAt.getUTCMilliseconds() !== 0) throw new AppError('BOOKING_SLOT', { path });
  const day = localDate(slotAt);
  let working: boolean;
  try {
    working = cal.isWorkingDay(day);
  } catch {
    throw new AppError('BOOKING_TOO_FAR', { path });
  }
  const h = openOn(b, day, cal);
  if (!working) throw new AppError('BOOKING_HOLIDAY', { path, details: { day } });
  const min = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  if (!h || m < min(h.from) || m + SLOT_MINUTES > min(h.until)) throw new AppError('BOOKING_OUTSIDE_HOURS', { path, details: h ? { from: h.from, until: h.until } : {} });
}

export function book(d: QueueDeps, actor: ActorRef, branchId: string, body: unknown, slotAt: Date | null, now = queueClock.now()) {
  return execute(d.ctx, bookSpec(d, slotAt), { actor, subjectId: branchId, body, now });
}

interface BookingRow {
  id: string;
  branch_id: string;
  service_group: string;
  person_id: string;
  slot_at: Date;
  state: 'active' | 'checked-in' | 'cancelled';
  ticket_id: string | null;
}

function checkInSpec(d: QueueDeps): ActionSpec<{ booking: BookingRow; branch: BranchOrg }, { lang: 'kk' | 'ru' }, IssuedTicket & { onTime: boolean }> {
  return {
    name: 'queue.booking.check-in',
    body: z.object({ lang: z.enum(['kk', 'ru']) }).strict(),
    load: async (q, ctx, id) => {
      const [branchId, bookingId] = id.split('/') as [string, string];
      const branch = branchOf(ctx, branchId);
      if (!/^[0-9a-f-]{36}$/i.test(bookingId)) throw new AppError('UNKNOWN_BOOKING', { path: '/params/booking' });
      const r = await q.query<BookingRow>('SELECT id, branch_id, service_group, person_id, slot_at, state, ticket_id FROM queue_bookings WHERE id = $1 AND branch_id = $2 FOR UPDATE', [bookingId, branchId]);
      if (!r.rows[0]) throw new AppError('UNKNOWN_BOOKING', { path: '/params/booking' });
      return { booking: r.rows[0], branch };
    },
    authorise: () => {},
    allowed: (s) => {
      if (s.booking.state === 'checked-in') throw new AppError('ALREADY_CHECKED_IN', { details: { ticket: s.booking.ticket_id } });
      if (s.booking.state === 'cancelled') throw new AppError('BOOKING_CANCELLED');
    },
    apply: async ({ ctx, q, subject: { booking: bk, branch: b }, body, now }) => {
      if (localDate(bk.slot_at) !== localDate(now)) throw new AppError('BOOKING_NOT_TODAY', { details: { day: localDate(bk.slot_at) } });
      if (!isOpenAt(b, now, ctx.calendar)) throw new AppError('BRANCH_CLOSED');
      const early = (bk.slot_at.getTime() - now.getTime()) / 60_000;
      const onTime = early <= ON_TIME_BEFORE_MIN && early >= -ON_TIME_AFTER_MIN;
      const t = await insertTicket(q, d.groups, { branchId: b.id, group: bk.service_group, lang: body.lang, source: 'booking', priority: onTime ? 1 : 0, reason: onTime ? 'booked' : null, bookingId: bk.id, now });
      await q.query(`UPDATE queue_bookings SET state = 'checked-in', ticket_id = $2, checked_in_at = $3 WHERE id = $1`, [bk.id, t.id, now]);
      const position = t.position;
      return {
        audit: [{ event: 'queue.booking.checked-in', subject: { type: 'booking', id: bk.id }, data: { branch: b.id, ticket: t.id, number: t.number, onTime } }],
        result: { id: t.id, number: t.number, position, serviceGroup: t.service_group, day: t.day, priority: t.priority_reason, onTime },
      };
    },
  };
}

export function checkIn(d: QueueDeps, branchId: string, bookingId: string, body: unknown, now = queueClock.now()) {
  return execute(d.ctx, checkInSpec(d), { actor: { id: null, role: 'kiosk' }, subjectId: `${branchId}/${bookingId}`, body, now });
}

// ------------------------------------------------------------------ live queue on a failure (002 cl.6)

const ModeBody = z.object({ mode: z.enum(['electronic', 'live']), reason: z.string().trim().min(1).max(500) }).strict();

function modeSpec(): ActionSpec<BranchOrg, z.infer<typeof ModeBody>, { mode: string; since: string }> {
  return {
    name: 'queue.mode',
    body: ModeBody,
    load: async (q, ctx, id) => {
      const b = branchOf(ctx, id);
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`queue-mode:${id}`]);
      return b;
    },
    authorise: (actor, b) => assertBranchStaff(actor, b),
    allowed: () => {},
    apply: async ({ q, actor, subject: b, body, now }) => {
      const from = await modeOf(q, b.id);
      if (from === body.mode) throw new AppError('QUEUE_MODE_SAME', { path: '/mode' });
      await q.query(
        `INSERT INTO queue_branch_modes (branch_id, mode, since, reason, set_by) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (branch_id) DO UPDATE SET mode = EXCLUDED.mode, since = EXCLUDED.since, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by`,
        [b.id, body.mode, now, body.reason, actor.id],
      );
      await q.query(`SELECT pg_notify($1, $2)`, [BOARD_CHANNEL, JSON.stringify({ branch: b.id, event: 'mode', mode: body.mode, at: now })]);
      return {
        audit: [{ event: 'queue.mode', subject: { type: 'branch', id: b.id }, reason: body.reason, data: { from, to: body.mode } }],
        result: { mode: body.mode, since: now.toISOString() },
      };
    },
  };
}

export const setMode = (ctx: AppContext, actor: ActorRef, branchId: string, body: unknown, now = queueClock.now()) => execute(ctx, modeSpec(), { actor, subjectId: branchId, body, now });

// ------------------------------------------------------------------ reading

export interface PeriodView {
  state: string;
  window: string | null;
  startedAt: string;
  endedAt: string | null;
  seconds: number;
}

export interface TicketView {
  id: string;
  number: string;
  branch: string;
  serviceGroup: string;
  state: TicketState | 'expired';
  window: string | null;
  position: number | null;
  priority: string | null;
  issuedAt: string;
  periods: PeriodView[];
  /** Waiting (waiting + called) and serving time so far, against the 20-minute norms (004 cl.7). */
  waitedSeconds: number;
  servedSeconds: number;
  waitOverNorm: boolean;
  serviceOverNorm: boolean;
}

export async function ticketView(q: Queryable, branchId: string, ticketId: string, now = queueClock.now()): Promise<TicketView> {
  if (!/^[0-9a-f-]{36}$/i.test(ticketId)) throw new AppError('UNKNOWN_TICKET', { path: '/params/ticket' });
  const r = await q.query<TicketRow>(`SELECT ${TICKET_COLS} FROM queue_tickets WHERE id = $1 AND branch_id = $2`, [ticketId, branchId]);
  const t = r.rows[0];
  if (!t) throw new AppError('UNKNOWN_TICKET', { path: '/params/ticket' });
  const p = await q.query<{ state: string; window_id: string | null; started_at: Date; ended_at: Date | null }>('SELECT state, window_id, started_at, ended_at FROM queue_periods WHERE ticket_id = $1 ORDER BY id', [t.id]);
  const expired = t.day !== localDate(now) && (t.state === 'waiting' || t.state === 'called' || t.state === 'serving');
  // A ticket of a past day is over at the end of that day.
  const cap = expired ? atLocal(t.day, '23:59').getTime() : now.getTime();
  const periods = p.rows.map((x) => ({
    state: x.state,
    window: x.window_id,
    startedAt: x.started_at.toISOString(),
    endedAt: x.ended_at ? x.ended_at.toISOString() : null,
    seconds: Math.max(0, Math.round(((x.ended_at?.getTime() ?? cap) - x.started_at.getTime()) / 1000)),
  }));
  const sum = (f: (s: string) => boolean) => periods.filter((x) => f(x.state)).reduce((a, x) => a + x.seconds, 0);
  const waited = sum((s) => s === 'waiting' || s === 'called');
  const served = sum((s) => s === 'serving');
  return {
    id: t.id,
    number: t.number,
    branch: t.branch_id,
    serviceGroup: t.service_group,
    state: expired ? 'expired' : t.state,
    window: t.state === 'waiting' ? t.for_window : t.window_id,
    position: t.state === 'waiting' && !expired ? await positionOf(q, t) : null,
    priority: t.priority_reason,
    issuedAt: t.issued_at.toISOString(),
    periods,
    waitedSeconds: waited,
    servedSeconds: served,
    waitOverNorm: waited > NORM_MINUTES * 60,
    serviceOverNorm: served > NORM_MINUTES * 60,
  };
}

/** The board's current picture: tickets called or being served today at each window. */
export async function boardState(q: Queryable, branchId: string, now = queueClock.now()): Promise<Array<{ number: string; window: string; state: string }>> {
  const r = await q.query<{ number: string; window_id: string; state: string }>(
    `SELECT number, window_id, state FROM queue_tickets WHERE branch_id = $1 AND day = $2 AND state IN ('called', 'serving') ORDER BY updated_at DESC LIMIT 50`,
    [branchId, localDate(now)],
  );
  return r.rows.map((x) => ({ number: x.number, window: x.window_id, state: x.state }));
}

export interface DayReport {
  day: string;
  mode: string;
  tickets: number;
  served: number;
  noShows: number;
  waiting: number;
  avgWaitSeconds: number;
  avgServeSeconds: number;
  waitOverNorm: number;
  serviceOverNorm: number;
  normMinutes: number;
}

/** A day at a branch for its head: counts, average waiting and serving time, tickets over the norms. */
export async function dayReport(q: Queryable, branchId: string, day: string, now = queueClock.now()): Promise<DayReport> {
  const r = await q.query<{ tickets: number; served: number; no_shows: number; waiting: number; avg_wait: number | null; avg_serve: number | null; wait_over: number; serve_over: number }>(
    `WITH per AS (
       SELECT t.id, t.state,
              coalesce(sum(extract(epoch FROM (coalesce(p.ended_at, $4::timestamptz) - p.started_at))) FILTER (WHERE p.state IN ('waiting', 'called')), 0)::float8 AS wait,
              coalesce(sum(extract(epoch FROM (coalesce(p.ended_at, $4::timestamptz) - p.started_at))) FILTER (WHERE p.state = 'serving'), 0)::float8 AS serve
         FROM queue_tickets t LEFT JOIN queue_periods p ON p.ticket_id = t.id
        WHERE t.branch_id = $1 AND t.day = $2
        GROUP BY t.id, t.state
     )
     SELECT count(*)::int AS tickets, count(*) FILTER (WHERE state = 'done')::int AS served, count(*) FILTER (WHERE state = 'no-show')::int AS no_shows,
            count(*) FILTER (WHERE state = 'waiting')::int AS waiting,
            avg(wait) FILTER (WHERE state IN ('done', 'serving'))::float8 AS avg_wait, avg(serve) FILTER (WHERE state = 'done')::float8 AS avg_serve,
            count(*) FILTER (WHERE wait > $3)::int AS wait_over, count(*) FILTER (WHERE serve > $3)::int AS serve_over
       FROM per`,
    [branchId, day, NORM_MINUTES * 60, now],
  );
  const x = r.rows[0]!;
  return {
    day,
    mode: await modeOf(q, branchId),
    tickets: x.tickets,
    served: x.served,
    noShows: x.no_shows,
    waiting: x.waiting,
    avgWaitSeconds: Math.round(x.avg_wait ?? 0),
    avgServeSeconds: Math.round(x.avg_serve ?? 0),
    waitOverNorm: x.wait_over,
    serviceOverNorm: x.serve_over,
    normMinutes: NORM_MINUTES,
  };
}
