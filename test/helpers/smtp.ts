/**
 * A real SMTP server on this machine (the `smtp-server` package) that keeps every message it
 * accepts, parsed (mailparser): for the notification tests and bench. `stop()` closes it (the
 * port refuses connections: "SMTP down"); `start()` listens again on the same port.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface LocalSmtp {
  port: number;
  url: string;
  received: Received[];
  /** Raw accepted count (also when not parsed: the bench). */
  accepted: () => number;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

export async function startLocalSmtp(opts: { parse?: boolean } = {}): Promise<LocalSmtp> {
  const parse = opts.parse ?? true;
  const received: Received[] = [];
  let accepted = 0;
  let server: SMTPServer | null = null;
  let port = 0;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 1_000_000,
      onData(stream, _session, callback) {
        if (!parse) {
          stream.on('data', () => {});
          stream.on('end', () => {
            accepted++;
            callback();
          });
          return;
        }
        simpleParser(stream)
          .then((m: ParsedMail) => {
            accepted++;
            const to = Array.isArray(m.to) ? m.to.map((x) => x.text).join(', ') : (m.to?.text ?? '');
            const headers: Record<string, string> = {};
            for (const [k, v] of m.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
            received.push({ to, subject: m.subject ?? '', text: m.text ?? '', messageId: m.messageId ?? '', headers });
            callback();
          })
          .catch((e: Error) => callback(e));
      },
    });
  const start = async () => {
    server = make();
    await new Promise<void>((resolve, reject) => {
      server!.server.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as AddressInfo).port;
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    accepted: () => accepted,
    stop,
    start,
  };
}
