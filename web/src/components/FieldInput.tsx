/** One generated form control for a definition's `form.fields[]` entry, with its label, help and error. */
import type { ReactNode } from 'react';
import { fieldBounds } from '../../../src/registry/form.ts';
import type { Channel, FormField } from '../../../src/registry/types.ts';
import { formatDate, todayKz, useI18n } from '../i18n.tsx';
import { FileField, type FileItem, fileRefs, isFileItems } from './FileField.tsx';

/** What a control holds: text, a checkbox, or the files chosen for a file field. */
export type RawValue = string | boolean | FileItem[];

export const fieldId = (name: string) => `f-${name}`;

/** The raw control value as the JSON value the API expects (numbers as numbers; bad input stays a string so validation names it). */
export function typedValue(f: FormField, v: RawValue | undefined): unknown {
  if (f.type === 'boolean') return v === true;
  // Files: the references of those uploaded (in progress or refused ones are not sent).
  if (f.type === 'file') {
    const refs = isFileItems(v) ? fileRefs(v) : [];
    return refs.length ? refs : undefined;
  }
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const s = v.trim();
  if (f.type === 'integer') return /^[-+]?\d+$/.test(s) ? Number(s) : s;
  if (f.type === 'number') {
    const n = Number(s.replace(',', '.').replace(/\s/g, ''));
    return /\d/.test(s) && Number.isFinite(n) ? n : s;
  }
  return v;
}


interface Props {
  field: FormField;
  value: RawValue | undefined;
  error: string | null;
  onChange: (v: RawValue) => void;
  onBlur: () => void;
  /** Options some channels do not offer are left out (e.g. "another relative": centre only). */
  channel?: Channel;
  /** The value was filled in from state data (persons DB) or the account: said next to the field. */
  prefilledFrom?: 'persons' | 'account';
  /** The service applied for: file fields upload with its limits. */
  serviceCode?: string;
}

export function FieldInput({ field: f, value, error, onChange, onBlur, channel = 'portal', prefilledFrom, serviceCode = '' }: Props) {
  const { t, pick } = useI18n();
  const id = fieldId(f.name);
  // Date bounds relative to today (`earliest`/`latest`, shared with the server's validateForm): min/max of the control.
  const bounds = fieldBounds(f, todayKz());
  const rangeHint =
    (f.type === 'integer' || f.type === 'date') && (bounds.min !== undefined || bounds.max !== undefined)
      ? t('apply.range', { min: bounds.min === undefined ? '…' : formatDate(String(bounds.min)), max: bounds.max === undefined ? '…' : formatDate(String(bounds.max)) })
      : '';
  const baseHelp = f.help ? pick(f.help) : f.type === 'iin' || f.type === 'bin' ? t('apply.iinHint') : f.type === 'phone' ? t('apply.phoneHint') : '';
  const fromState = prefilledFrom ? t(prefilledFrom === 'persons' ? 'apply.fromPersons' : 'apply.fromAccount') : '';
  const help = [fromState, baseHelp, rangeHint].filter(Boolean).join(' · ');
  const describedBy = [help && `${id}-help`, error && `${id}-err`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: f.name,
    'aria-invalid': !!error,
    'aria-required': f.required,
    'aria-describedby': describedBy,
    onBlur,
    'data-testid': `field-${f.name}`,
    // The signer's own IIN on the portal: filled in, not editable.
    ...(f.bindsTo === 'signer-iin' && channel === 'portal' ? { readOnly: true } : {}),
  };
  const str = typeof value === 'string' ? value : '';

  const label = (
    <>
      {pick(f.label)}
      {f.required ? (
        <>
          <span className="req" aria-hidden="true">
            {' '}
            *
          </span>
          <span className="visually-hidden"> ({t('apply.required')})</span>
        </>
      ) : (
        <span className="optional"> ({t('apply.optional')})</span>
      )}
    </>
  );

  if (f.type === 'boolean') {
    return (
      <div className={error ? 'field field-check field-error' : 'field field-check'}>
        {error && (
          <p className="error-text" id={`${id}-err`}>
            {error}
          </p>
        )}
        <div className="check">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <label htmlFor={id}>{label}</label>
        </div>
        {help && (
          <p className="help" id={`${id}-help`}>
            {help}
          </p>
        )}
      </div>
    );
  }

  if (f.type === 'file') {
    return (
      <div className={error ? 'field field-error' : 'field'}>
        <label htmlFor={id}>{label}</label>
        {help && (
          <p className="help" id={`${id}-help`}>
            {help}
          </p>
        )}
        {error && (
          <p className="error-text" id={`${id}-err`}>
            {error}
          </p>
        )}
        <FileField field={f} serviceCode={serviceCode} id={id} value={isFileItems(value) ? value : undefined} error={error} describedBy={describedBy} onChange={onChange} onBlur={onBlur} />
      </div>
    );
  }

  let control: ReactNode;
  switch (f.type) {
    case 'text':
      control = <textarea {...common} className="input" rows={4} maxLength={f.maxLength} value={str} onChange={(e) => onChange(e.target.value)} />;
      break;
    case 'enum':
      control = (
        <select {...common} className="input select" value={str} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('apply.select')}</option>
          {(f.options ?? []).filter((o) => !o.channels || o.channels.includes(channel)).map((o) => (
            <option key={o.value} value={o.value}>
              {pick(o.label)}
            </option>
          ))}
        </select>
      );
      break;
    case 'date':
      control = (
        <input
          {...common}
          type="date"
          className="input input-date"
          min={typeof bounds.min === 'string' ? bounds.min : undefined}
          max={typeof bounds.max === 'string' ? bounds.max : undefined}
          value={str}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'iin':
    case 'bin':
      control = (
        <input
          {...common}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
          pattern="\d{12}"
          className="input input-iin mono"
          value={str}
          onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 12))}
        />
      );
      break;
    case 'integer':
    case 'number':
      control = (
        <input
          {...common}
          type="text"
          inputMode={f.type === 'integer' ? 'numeric' : 'decimal'}
          data-min={bounds.min}
          data-max={bounds.max}
          autoComplete="off"
          className="input input-number"
          value={str}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'phone':
      control = (
        <input {...common} type="tel" autoComplete="tel" placeholder="+7 700 000 00 00" className="input input-phone" value={str} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case 'email':
      control = <input {...common} type="email" autoComplete="email" spellCheck={false} className="input" value={str} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      control = <input {...common} type="text" maxLength={f.maxLength} className="input" value={str} onChange={(e) => onChange(e.target.value)} />;
  }

  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p className="error-text" id={`${id}-err`}>
          {error}
        </p>
      )}
      {control}
    </div>
  );
}
