/**
 * A form's `file` field: choose one or more scans; each is checked here (type, size, count, with
 * kk/ru/en messages) and uploaded at once (POST /api/v1/uploads with the service and field, so
 * the server applies the same limits and checks the content), with its progress, then shown as
 * "uploaded" with its name and size. "Remove" deletes an upload not yet sent with an application.
 * The field's value is the list of file references ({ id, sha256, name, size, mime }) — what the
 * person signs. Keyboard: the native file control is the focus target (Space/Enter open the
 * dialog); every file has its own Remove button; progress and results are announced politely.
 */
import { useEffect, useRef, useState } from 'react';
import { acceptedTypes, fileLimits, sizeText } from '../../../src/registry/form.ts';
import type { FileRef, FormField, I18n } from '../../../src/registry/types.ts';
import { api, type ApiError, toApiError, uploadFile } from '../api.ts';
import { type Lang, useI18n } from '../i18n.tsx';
import type { MessageKey } from '../messages.ts';

/** One chosen file as the form keeps it. */
export interface FileItem {
  key: string;
  name: string;
  size: number;
  status: 'uploading' | 'done' | 'error';
  /** 0–1 while uploading. */
  progress: number;
  ref?: FileRef;
  error?: { i18n: I18n } | { key: MessageKey; params: Record<string, string | number> };
}

/** The references of the uploaded files (what goes into the form). */
export const fileRefs = (items: FileItem[]): FileRef[] => items.flatMap((x) => (x.status === 'done' && x.ref ? [x.ref] : []));
export const isFileItems = (v: unknown): v is FileItem[] => Array.isArray(v);

/** Bytes as people read them: `812 B`, `240 KB`, `3,4 MB`. */
export function bytesText(n: number, lang: Lang): string {
  if (n < 1024) return `${n} ${lang === 'en' ? 'B' : 'Б'}`;
  return sizeText(Math.round(n / 1024), lang);
}

const BY_EXT: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

/** The type to declare for a chosen file: its browser type, else from its extension. */
function typeOf(file: File): string {
  const t = (file.type || '').toLowerCase();
  if (t) return ALIASES[t] ?? t;
  return BY_EXT[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? '';
}

let seq = 0;

interface Props {
  field: FormField;
  serviceCode: string;
  id: string;
  value: FileItem[] | undefined;
  /** The form's own message for the field (REQUIRED, the server's FILE_* codes …). */
  error: string | null;
  describedBy?: string;
  onChange: (items: FileItem[]) => void;
  onBlur: () => void;
}

export function FileField({ field: f, serviceCode, id, value, error, describedBy, onChange, onBlur }: Props) {
  const { t, pick, lang } = useI18n();
  const lim = fileLimits(f);
  const types = acceptedTypes(f);
  const [items, setItems] = useState<FileItem[]>(() => value ?? []);
  const [tooMany, setTooMany] = useState(false);
  const [announce, setAnnounce] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const aborts = useRef(new Map<string, AbortController>());

  // The form holds the list (it survives going to the signing step and back).
  const changed = useRef(onChange);
  changed.current = onChange;
  // Only real changes (not the first render: a server error shown on the field must stay until the person acts).
  const last = useRef(items);
  useEffect(() => {
    if (last.current === items) return;
    last.current = items;
    changed.current(items);
  }, [items]);
  // Leaving the page stops uploads in flight.
  useEffect(() => {
    const running = aborts.current;
    return () => running.forEach((c) => c.abort());
  }, []);

  const update = (key: string, patch: Partial<FileItem>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));

  const start = (file: File, type: string, key: string) => {
    const ac = new AbortController();
    aborts.current.set(key, ac);
    uploadFile(file, { service: serviceCode, field: f.name, type, signal: ac.signal, onProgress: (p) => update(key, { progress: p }) })
      .then((ref) => {
        update(key, { status: 'done', progress: 1, ref });
        setAnnounce(t('file.doneNamed', { name: file.name }));
      })
      .catch((e: unknown) => {
        const a: ApiError = toApiError(e);
        if (a.code === 'ABORTED') return;
        update(key, { status: 'error', error: { i18n: a.i18n } });
        setAnnounce(pick(a.i18n));
      })
      .finally(() => aborts.current.delete(key));
  };

  const choose = (list: FileList | null) => {
    if (!list?.length) return;
    const files = [...list];
    const kept = items.filter((x) => x.status !== 'error').length;
    const room = Math.max(0, lim.maxFiles - kept);
    setTooMany(files.length > room);
    const added: FileItem[] = [];
    for (const file of files.slice(0, room)) {
      const key = `file-${++seq}`;
      const type = typeOf(file);
      const item: FileItem = { key, name: file.name, size: file.size, status: 'uploading', progress: 0 };
      if (!lim.accept.includes(type)) Object.assign(item, { status: 'error', error: { key: 'file.wrongType', params: { name: file.name, types } } });
      else if (file.size === 0) Object.assign(item, { status: 'error', error: { key: 'file.empty', params: { name: file.name } } });
      else if (file.size > lim.maxSizeKb * 1024)
        Object.assign(item, { status: 'error', error: { key: 'file.tooBig', params: { name: file.name, size: bytesText(file.size, lang), max: sizeText(lim.maxSizeKb, lang) } } });
      else start(file, type, key);
      added.push(item);
    }
    setItems((xs) => [...xs, ...added]);
    if (inputRef.current) inputRef.current.value = ''; // the same file can be chosen again
  };

  const remove = (item: FileItem) => {
    aborts.current.get(item.key)?.abort();
    // An upload not sent with an application is deleted; if that fails the server purges it after a day.
    if (item.status === 'done' && item.ref) void api(`/api/v1/uploads/${encodeURIComponent(item.ref.id)}`, { method: 'DELETE' }).catch(() => {});
    setItems((xs) => xs.filter((x) => x.key !== item.key));
    setTooMany(false);
    setAnnounce(t('file.removed', { name: item.name }));
    inputRef.current?.focus();
  };

  const message = (x: FileItem) => (!x.error ? '' : 'i18n' in x.error ? pick(x.error.i18n) : t(x.error.key, x.error.params));
  const localError = tooMany ? t('file.tooMany', { n: lim.maxFiles }) : '';
  const uploading = items.some((x) => x.status === 'uploading');

  return (
    <div className="file-field" data-testid={`files-${f.name}`}>
      {localError && (
        <p className="error-text" id={`${id}-local-err`} role="alert">
          {localError}
        </p>
      )}
      <div className="file-picker">
        <input
          id={id}
          ref={inputRef}
          type="file"
          multiple={lim.maxFiles > 1}
          className="file-input"
          accept={[...lim.accept, ...Object.entries(BY_EXT).filter(([, m]) => lim.accept.includes(m)).map(([e]) => `.${e}`)].join(',')}
          aria-invalid={!!error || !!localError}
          aria-required={f.required}
          aria-describedby={[describedBy, localError && `${id}-local-err`, `${id}-count`].filter(Boolean).join(' ')}
          aria-busy={uploading}
          data-testid={`field-${f.name}`}
          onChange={(e) => choose(e.target.files)}
          onBlur={onBlur}
        />
        <label htmlFor={id} className="btn btn-secondary btn-small file-button" aria-hidden="true">
          {t('file.choose')}
        </label>
        <span className="file-name muted" id={`${id}-count`}>
          {t('file.hint', { types, size: sizeText(lim.maxSizeKb, lang), n: lim.maxFiles })}
        </span>
      </div>
      {items.length > 0 && (
        <ul className="file-list" aria-label={`${pick(f.label)}: ${t('file.list')}`} data-testid={`file-list-${f.name}`}>
          {items.map((x) => (
            <li key={x.key} className={`file-item file-${x.status}`} data-testid="file-item" data-status={x.status}>
              <span className="file-item-name">{x.name}</span> <span className="muted small">{bytesText(x.size, lang)}</span>
              {x.status === 'uploading' && (
                <span className="file-item-state">
                  <progress max={1} value={x.progress} aria-label={t('file.uploading', { p: Math.round(x.progress * 100) })} />{' '}
                  <span className="small">{t('file.uploading', { p: Math.round(x.progress * 100) })}</span>
                </span>
              )}
              {x.status === 'done' && (
                <span className="tag tag-ok" data-testid="file-uploaded">
                  <span aria-hidden="true">✓ </span>
                  {t('file.uploaded')}
                </span>
              )}
              {x.status === 'error' && (
                <span className="error-text file-item-error" data-testid="file-error">
                  {message(x)}
                </span>
              )}
              <button type="button" className="btn btn-link btn-small" onClick={() => remove(x)} aria-label={t('file.removeNamed', { name: x.name })} data-testid="file-remove">
                {t('file.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
    </div>
  );
}

/** Files as a list: name (a download link when `href` is given), size and SHA-256 fingerprint. */
export function FileList({ files, hrefOf, testId }: { files: Array<Pick<FileRef, 'id' | 'name' | 'size' | 'sha256'>>; hrefOf?: (id: string) => string; testId?: string }) {
  const { t, lang } = useI18n();
  if (!files.length) return <p className="muted">{t('file.none')}</p>;
  return (
    <ul className="file-list" data-testid={testId}>
      {files.map((f) => (
        <li key={f.id} className="file-item" data-testid="file-entry" data-sha256={f.sha256}>
          {hrefOf ? (
            <a href={hrefOf(f.id)} download={f.name} className="file-item-name" aria-label={t('file.download', { name: f.name })}>
              {f.name}
            </a>
          ) : (
            <span className="file-item-name">{f.name}</span>
          )}{' '}
          <span className="muted small">{bytesText(f.size, lang)}</span>{' '}
          <span className="mono small file-hash" title={f.sha256}>
            SHA-256 {f.sha256.slice(0, 16)}…
          </span>
        </li>
      ))}
    </ul>
  );
}
