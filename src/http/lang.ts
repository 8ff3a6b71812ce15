import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Lang } from '../lib/i18n.ts';

export const I18nSchema = z.object({ kk: z.string(), ru: z.string(), en: z.string() });

/** `?lang=` wins, then the first kk/ru/en in Accept-Language, then Kazakh (the state language). */
export function pickLang(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'kk' || q === 'ru' || q === 'en') return q;
  const al = String(req.headers['accept-language'] ?? '').toLowerCase();
  for (const part of al.split(',')) {
    const tag = part.trim().slice(0, 2);
    if (tag === 'kk' || tag === 'ru' || tag === 'en') return tag;
  }
  return 'kk';
}
