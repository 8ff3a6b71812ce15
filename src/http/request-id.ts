/**
 * Request ids. A client (or the load balancer in front) may send `x-request-id`; it becomes our
 * request id — in every log line (`reqId`), the `x-request-id` answer header and a 500's
 * `correlationId` — only when it has a safe form: 1–64 of A–Z a–z 0–9 . _ : -. Anything else
 * (markup, spaces, control or non-ASCII characters, a very long value) is not echoed anywhere: we
 * generate our own id and log the client's value next to it (`clientRequestId`, clipped).
 */
const SAFE = /^[A-Za-z0-9._:-]{1,64}$/;

const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

/** The client's id when it is safe to use as ours, else null. */
export function acceptedRequestId(header: string | string[] | undefined): string | null {
  const v = first(header);
  return v !== undefined && SAFE.test(v) ? v : null;
}

/** What the client sent, for the log (at most 200 characters), or null when it sent nothing. */
export function clientRequestId(header: string | string[] | undefined): string | null {
  const v = first(header);
  return v === undefined || v === '' ? null : v.slice(0, 200);
}
