/**
 * Branches and the electronic queue (mounted at /api/v1), README.md:
 *
 *   GET  /branches                                         public: branches with kind and timetable
 *   GET  /branches/{id}                                    public: one branch, its windows and groups
 *   POST /branches/{id}/tickets                            kiosk (no login): a ticket for a service group
 *   GET  /branches/{id}/tickets/{ticket}                   public: state, position, periods
 *   POST /branches/{id}/bookings/{booking}/check-in        kiosk: a booking turns into a ticket
 *   GET  /branches/{id}/board/events                       public: server-sent events of the display board
 *   POST /branches/{id}/bookings                           citizen: book a slot
 *   POST /branches/{id}/windows/{window}/call-next         operator of the branch
 *   POST /branches/{id}/tickets/{ticket}/{action}          operator: recall | start | no-show | redirect | done
 *   POST /branches/{id}/queue/mode                         operator or head: electronic ↔ live queue (002 cl.6)
 *   GET  /branches/{id}/queue/report?day=                  operator or head: the day against the 20-minute norms
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { User } from '../accounts/accounts.ts';
import type { ActorRef } from '../actions/ledger.ts';
import { localDate, parseLocalInstant } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { signedInScope } from '../http/auth.ts';
import { isoDate } from '../http/params.ts';
import { I18n } from '../http/schemas.ts';
import { BRANCH_TIMETABLES } from '../organisations/organisations.ts';
import { type BranchOrg, timetableOf } from '../organisations/branches.ts';
import { BoardHub } from './board.ts';
import { loadServiceGroups } from './groups.ts';
import { book, boardState, branchOf, callNext, checkIn, dayReport, issueTicket, queueClock, type QueueDeps, setMode, ticketAction, ticketView } from './queue.ts';

const Span = z.object({ from: z.string(), until: z.string() });
const Timetable = z.object({
  weekdays: Span.nullable(),
  saturday: Span.nullable(),
  route: z.array(z.object({ weekday: z.number(), settlement: I18n, from: z.string(), until: z.string() })).optional(),
});
const BranchSchema = z.object({
  id: z.string(),
  name: I18n,
  region: z.string().nullable(),
  district: z.string().nullable(),
  kind: z.enum(BRANCH_TIMETABLES),
  timetable: Timetable,
});
const BranchFull = BranchSchema.extend({
  windows: z.array(z.object({ id: z.string(), groups: z.array(z.string()) })),
  groups: z.array(z.object({ id: z.string(), letter: z.string(), name: I18n })),
});
const Issued = z.object({ id: z.string(), number: z.string(), position: z.number(), serviceGroup: z.string(), day: z.string(), priority: z.string().nullable() });
const TicketAct = z.object({ id: z.string(), number: z.string(), state: z.string(), window: z.string().nullable() });
const Period = z.object({ state: z.string(), window: z.string().nullable(), startedAt: z.string(), endedAt: z.string().nullable(), seconds: z.number() });
const TicketFull = z.object({
  id: z.string(),
  number: z.string(),
  branch: z.string(),
  serviceGroup: z.string(),
  state: z.enum(['waiting', 'called', 'serving', 'done', 'no-show', 'expired']),
  window: z.string().nullable(),
  position: z.number().nullable(),
  priority: z.string().nullable(),
  issuedAt: z.string(),
  periods: z.array(Period),
  waitedSeconds: z.number(),
  servedSeconds: z.number(),
  waitOverNorm: z.boolean(),
  serviceOverNorm: z.boolean(),
});
const Report = z.object({
  day: z.string(),
  mode: z.string(),
  tickets: z.number(),
  served: z.number(),
  noShows: z.number(),
  waiting: z.number(),
  avgWaitSeconds: z.number(),
  avgServeSeconds: z.number(),
  waitOverNorm: z.number(),
  serviceOverNorm: z.number(),
  normMinutes: z.number(),
});
const Params = z.object({ id: z.string().max(100) });

const view = (b: BranchOrg) => ({ id: b.id, name: b.name, region: b.region, district: b.district, kind: b.branch.timetable, timetable: timetableOf(b) });

/** The member of staff as they act at a branch: their non-citizen role and organisation. */
const staffRef = (u: User): ActorRef => ({
  id: u.id,
  role: u.roles.includes('centre-operator') ? 'centre-operator' : u.roles.includes('branch-head') ? 'branch-head' : (u.roles.find((r) => r !== 'citizen') ?? 'citizen'),
  orgId: u.orgId,
});

export function queueRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  // Checked at start: every service in one group, every window's groups known.
  const groups = loadServiceGroups({ registry: ctx.registry, orgs: ctx.orgs });
  const deps: QueueDeps = { ctx, groups };
  const board = new BoardHub(ctx.db);
  return async (app) => {
    // Before the server waits for its connections to end: the boards' streams never end by themselves.
    app.addHook('preClose', async () => board.close());

    app.get(
      '/branches',
      {
        schema: {
          tags: ['centres'],
          summary: 'Branches of the State Corporation: kind (ordinary, duty, own timetable, mobile) and timetable',
          querystring: z.object({ region: z.string().max(60).optional() }).strict(),
          response: { 200: z.object({ items: z.array(BranchSchema) }) },
        },
      },
      async (req) => ({ items: ctx.orgs.branches().filter((b) => !req.query.region || b.region === req.query.region).map((b) => view(b as BranchOrg)) }),
    );

    app.get('/branches/:id', { schema: { tags: ['centres'], summary: 'One branch with its windows and the service groups', params: Params, response: { 200: BranchFull } } }, async (req) => {
      const b = branchOf(ctx, req.params.id);
      const used = new Set(b.branch.windows.flatMap((w) => w.groups));
      return { ...view(b), windows: b.branch.windows.map((w) => ({ id: w.id, groups: [...w.groups] })), groups: groups.list.filter((g) => used.has(g.id)).map((g) => ({ id: g.id, letter: g.letter, name: g.name })) };
    });

    app.post(
      '/branches/:id/tickets',
      {
        schema: {
          tags: ['centres'],
          summary: 'Kiosk: take a ticket for a service group (no sign-in)',
          params: Params,
          body: z.object({ serviceGroup: z.string().max(60), lang: z.enum(['kk', 'ru']), priority: z.enum(['disability', 'elderly', 'pregnant']).optional() }).strict(),
          response: { 201: Issued },
        },
      },
      async (req, reply) => reply.status(201).send(await issueTicket(deps, req.params.id, req.body)),
    );

    app.get(
      '/branches/:id/tickets/:ticket',
      {
        schema: {
          tags: ['centres'],
          summary: 'A ticket: state, position, its periods against the 20-minute norms',
          params: z.object({ id: z.string().max(100), ticket: z.string().max(60) }),
          response: { 200: TicketFull },
        },
      },
      async (req) => {
        branchOf(ctx, req.params.id);
        return ticketView(ctx.db, req.params.id, req.params.ticket);
      },
    );

    app.post(
      '/branches/:id/bookings/:booking/check-in',
      {
        schema: {
          tags: ['centres'],
          summary: 'Kiosk: check a booking in on its day; it becomes a ticket (priority when on time)',
          params: z.object({ id: z.string().max(100), booking: z.string().max(60) }),
          body: z.object({ lang: z.enum(['kk', 'ru']) }).strict(),
          response: { 201: Issued.extend({ onTime: z.boolean() }) },
        },
      },
      async (req, reply) => reply.status(201).send(await checkIn(deps, req.params.id, req.params.booking, req.body)),
    );

    app.get('/branches/:id/board/events', { schema: { tags: ['centres'], summary: 'Display board: server-sent events (board, called, recalled, mode)', params: Params } }, async (req, reply) => {
      const b = branchOf(ctx, req.params.id);
      await board.start();
      const state = await boardState(ctx.db, b.id);
      reply.hijack();
      const res = reply.raw;
      req.raw.socket.setTimeout(0);
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no', 'x-request-id': req.id });
      res.write(`retry: 2000\nevent: board\ndata: ${JSON.stringify({ branch: b.id, windows: state })}\n\n`);
      const off = board.subscribe(b.id, res);
      req.raw.on('close', off);
    });

    await app.register(
      signedInScope(ctx, ['citizen'], async (s) => {
        s.post(
          '/branches/:id/bookings',
          {
            schema: {
              tags: ['centres'],
              summary: 'Book a 15-minute slot on a working day within the branch’s hours (one active booking per service group)',
              params: Params,
              body: z.object({ serviceGroup: z.string().max(60), slotAt: z.string().max(40) }).strict(),
              response: { 201: z.object({ id: z.string(), branch: z.string(), serviceGroup: z.string(), slotAt: z.string(), state: z.string() }) },
            },
          },
          async (req, reply) => reply.status(201).send(await book(deps, { id: req.user!.id, role: 'citizen' }, req.params.id, req.body, parseLocalInstant(req.body.slotAt))),
        );
      }),
    );

    await app.register(
      signedInScope(ctx, ['centre-operator', 'branch-head'], async (s) => {
        s.post(
          '/branches/:id/windows/:window/call-next',
          {
            schema: {
              tags: ['centres'],
              summary: 'Operator: call the next ticket to this window (404 QUEUE_EMPTY when nobody waits)',
              params: z.object({ id: z.string().max(100), window: z.string().max(10) }),
              response: { 200: z.object({ id: z.string(), number: z.string(), window: z.string(), serviceGroup: z.string(), priority: z.string().nullable(), waitedSeconds: z.number() }) },
            },
          },
          async (req) => callNext(ctx, staffRef(req.user!), req.params.id, req.params.window),
        );
        s.post(
          '/branches/:id/tickets/:ticket/:action',
          {
            schema: {
              tags: ['centres'],
              summary: 'Operator: recall, start serving, mark a no-show, redirect to another window, or finish a called ticket',
              params: z.object({ id: z.string().max(100), ticket: z.string().max(60), action: z.enum(['recall', 'start', 'no-show', 'redirect', 'done']) }),
              body: z.object({ window: z.string().max(10).optional(), serviceGroup: z.string().max(60).optional() }).strict().optional(),
              response: { 200: TicketAct },
            },
          },
          async (req) => ticketAction(deps, req.params.action, staffRef(req.user!), req.params.id, req.params.ticket, req.body ?? {}),
        );
        s.post(
          '/branches/:id/queue/mode',
          {
            schema: {
              tags: ['centres'],
              summary: 'Switch the branch to a live queue on a system failure, and back (recorded, 002 cl.6)',
              params: Params,
              body: z.object({ mode: z.enum(['electronic', 'live']), reason: z.string().max(500) }).strict(),
              response: { 200: z.object({ mode: z.string(), since: z.string() }) },
            },
          },
          async (req) => setMode(ctx, staffRef(req.user!), req.params.id, req.body),
        );
        s.get(
          '/branches/:id/queue/report',
          {
            schema: {
              tags: ['centres'],
              summary: 'The branch’s day: tickets, average waiting and serving time, tickets over the 20-minute norms (004 cl.7)',
              params: Params,
              querystring: z.object({ day: isoDate.optional() }).strict(),
              response: { 200: Report },
            },
          },
          async (req) => {
            const b = branchOf(ctx, req.params.id);
            const u = req.user!;
            if (u.orgId !== b.id) throw new AppError('NOT_THIS_BRANCH');
            return dayReport(ctx.db, b.id, req.query.day ?? localDate(queueClock.now()));
          },
        );
      }),
    );
  };
}
