/** Parameter shapes and checks shared by several route plugins. */
import { z } from 'zod';
import { AppError } from '../errors/errors.ts';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** A real calendar date (2026-02-30 is not), else 422 INVALID_DATE at `path`. */
export function checkDate(s: string, path: string): void {
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new AppError('INVALID_DATE', { path });
}
