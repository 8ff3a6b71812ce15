/** The office's dictionary over the shared language (i18n.tsx): `ot('task.done', { action })`. */
import { fill, useI18n } from '../i18n.tsx';
import { type OfficeKey, officeMessages } from './messages.ts';

export function useOffice() {
  const i18n = useI18n();
  const ot = (k: OfficeKey, params?: Record<string, string | number>) => fill(officeMessages[i18n.lang][k], params);
  return { ...i18n, ot };
}

/** The name of a task action in the current language (its key in the dictionary, else the code). */
export function actionKey(a: string): OfficeKey | null {
  const k = `action.${a}`;
  return k in officeMessages.en ? (k as OfficeKey) : null;
}
