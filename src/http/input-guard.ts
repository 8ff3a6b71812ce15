/**
 * The one place where every string the API accepts is checked before anything uses it: the
 * parsed body, the query string, the path parameters, the cookies and the headers of every
 * request, in a `preValidation` hook (after parsing, before schema validation, authentication,
 * handlers, the database and any state-registry read).
 *
 * Refused, with 400 INVALID_CHARACTERS and the JSON path of each offending value (or key):
 * - NUL (U+0000): PostgreSQL cannot store it in text or jsonb, so it would surface as a
 *   database error;
 * - a lone UTF-16 surrogate (U+D800–U+DFFF without its pair, e.g. JSON "\ud800"): not Unicode,
 *   no UTF-8 form, and would be silently replaced on the way to the database or a signature.
 * Nesting deeper than MAX_DEPTH is refused too (400 INPUT_TOO_DEEP): no API input is that deep, and
 * recursive code further on (canonical signing bytes, validation) must never meet it.
 *
 * Paths are JSON Pointers like the schema validation errors: `/form/name` for the body,
 * `/querystring/q`, `/params/id`, `/cookies/qz_sid`, `/headers/x`. A key holding a bad
 * character is shown with it escaped (`\u0000`), so the path itself is always safe to log.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldIssue } from '../errors/errors.ts';

export const MAX_DEPTH = 64;
const MAX_REPORTED = 10;

const INVALID_MESSAGE = {
  kk: 'Мәтінде рұқсат етілмеген таңба бар (NUL немесе жұпсыз суррогат).',
  ru: 'В тексте недопустимый символ (NUL или непарный суррогат).',
  en: 'The text holds a character that is not allowed (NUL or a lone surrogate).',
};

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Does this string hold NUL or a lone surrogate? */
export function hasInvalidCharacters(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

/** The string with NUL and lone surrogates shown as `\uXXXX` escapes (for paths and logs). */
function visible(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    if (high && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (c === 0 || high || low) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i]!;
  }
  return out;
}

const pointer = (key: string) => visible(key).replace(/~/g, '~0').replace(/\//g, '~1');

export interface InputProblem {
  path: string;
  code: 'INVALID_CHARACTERS' | 'INPUT_TOO_DEEP';
}

/**
 * Every offending string (value or key) in `value`, with its JSON Pointer under `base`, at most
 * `limit` of them. Iterative (an explicit stack), so any nesting depth is safe to inspect.
 */
export function findInputProblems(value: unknown, base = '', limit = MAX_REPORTED): InputProblem[] {
  const out: InputProblem[] = [];
  // [value, path, depth, is the key itself bad]
  const stack: Array<[unknown, string, number, boolean]> = [[value, base, 0, false]];
  while (stack.length && out.length < limit) {
    const [v, path, depth, badKey] = stack.pop()!;
    if (badKey) {
      out.push({ path, code: 'INVALID_CHARACTERS' });
      continue;
    }
    if (typeof v === 'string') {
      if (hasInvalidCharacters(v)) out.push({ path: path || '/', code: 'INVALID_CHARACTERS' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      out.push({ path: path || '/', code: 'INPUT_TOO_DEEP' });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`, depth + 1, false]);
      continue;
    }
    if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) continue;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      stack.push([(v as Record<string, unknown>)[k], `${path}/${pointer(k)}`, depth + 1, hasInvalidCharacters(k)]);
    }
  }
  return out;
}

/** The problems of one request, over everything it carries; the first part with a problem wins. */
export function requestInputProblems(req: FastifyRequest): InputProblem[] {
  const parts: Array<[unknown, string]> = [
    [req.params, '/params'],
    [req.query, '/querystring'],
    [(req as FastifyRequest & { cookies?: unknown }).cookies, '/cookies'],
    [req.headers, '/headers'],
    [req.body, ''],
  ];
  for (const [value, base] of parts) {
    if (value === undefined || value === null) continue;
    const found = findInputProblems(value, base);
    if (found.length) return found;
  }
  return [];
}

export function inputError(problems: InputProblem[]): AppError {
  const code = problems[0]!.code;
  const errors: FieldIssue[] = problems.map((p) => ({
    path: p.path,
    code: p.code,
    message: p.code === 'INVALID_CHARACTERS' ? INVALID_MESSAGE : { kk: 'Тым терең кірістіру.', ru: 'Слишком глубокая вложенность.', en: 'Nested too deeply.' },
  }));
  return new AppError(code, { path: problems[0]!.path, errors });
}

/** Installs the check on every route of `app` (call before registering routes). */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const problems = requestInputProblems(req);
    if (problems.length) throw inputError(problems);
  });
}
