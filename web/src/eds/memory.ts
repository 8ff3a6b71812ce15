/**
 * The keystore files a person chose in this tab, kept in memory only (never in
 * localStorage/IndexedDB, gone on reload), so the next signature needs only the password.
 * The file stays encrypted; no password and no decrypted key is kept.
 */
export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

const chosen = new Map<'auth' | 'sign', ChosenFile>();

export const rememberedKeystore = (usage: 'auth' | 'sign'): ChosenFile | null => chosen.get(usage) ?? null;

export function rememberKeystore(usage: 'auth' | 'sign', file: ChosenFile | null): void {
  if (file) chosen.set(usage, file);
  else chosen.delete(usage);
}
