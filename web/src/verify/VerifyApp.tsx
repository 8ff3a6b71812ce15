/**
 * The public verification page (`/verify` and `/verify/:number`), loaded lazily: anyone — a bank,
 * a notary, the person themself — checks a result document by the number printed on it (the QR
 * code on every page leads here). It shows whether the document is authentic, whether it was
 * revoked (and what replaced it), who issued it and when, the service, and the SHA-256 of the PDF
 * the signature covers. Its own dictionary (`messages.ts`); no sign-in.
 */
import './verify.css';
import { type FormEvent, useState } from 'react';
import { parseDocumentNumber } from '../../../src/documents/number.ts';
import type { ApiResponse } from '../api.ts';
import { ErrorBox, Fact, Loading } from '../components/ui.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { fill, formatDateTime, useI18n } from '../i18n.tsx';
import { Link, match, navigate, useLocation } from '../router.tsx';
import { type VerifyKey, verifyMessages } from './messages.ts';

type Verification = ApiResponse<'/api/v1/documents/{number}/verify', 'get'>;

function useVerify() {
  const i18n = useI18n();
  const vt = (k: VerifyKey, params?: Record<string, string | number>) => fill(verifyMessages[i18n.lang][k], params);
  return { ...i18n, vt };
}

function NumberForm({ initial }: { initial: string }) {
  const { vt } = useVerify();
  const [value, setValue] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = value.trim();
    if (n) navigate(`/verify/${encodeURIComponent(parseDocumentNumber(n) ?? n)}`);
  };
  return (
    <form className="verify-form" onSubmit={submit} role="search">
      <label htmlFor="verify-number">{vt('verify.number')}</label>
      <div className="verify-row">
        <input
          id="verify-number"
          data-testid="verify-number"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="KZ-DOC-26-00000001-5"
          aria-describedby="verify-number-hint"
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="btn btn-primary" data-testid="verify-submit">
          {vt('verify.check')}
        </button>
      </div>
      <p id="verify-number-hint" className="hint">
        {vt('verify.numberHint')}
      </p>
    </form>
  );
}

function Verdict({ v }: { v: Verification }) {
  const { vt } = useVerify();
  if (v.status === 'revoked') {
    return (
      <div className="alert alert-error verify-verdict" role="status" data-testid="verify-verdict" data-state="revoked">
        <h2>{vt('verify.revoked')}</h2>
        <p>{vt('verify.revokedText')}</p>
        {v.replacedBy && (
          <p>
            {vt('verify.replacedBy')}:{' '}
            <Link to={`/verify/${v.replacedBy}`} data-testid="verify-replaced-by">
              {v.replacedBy}
            </Link>
          </p>
        )}
      </div>
    );
  }
  if (v.valid) {
    return (
      <div className="alert alert-success verify-verdict" role="status" data-testid="verify-verdict" data-state="authentic">
        <h2>{vt('verify.authentic')}</h2>
        <p>{vt('verify.authenticText')}</p>
      </div>
    );
  }
  return (
    <div className="alert alert-error verify-verdict" role="status" data-testid="verify-verdict" data-state="not-authentic">
      <h2>{vt('verify.notAuthentic')}</h2>
      <p>{v.signed ? vt('verify.badSignature') : vt('verify.notSigned')}</p>
    </div>
  );
}

function Result({ number }: { number: string }) {
  const { vt, pick } = useVerify();
  const r = useApi<Verification>(`/api/v1/documents/${encodeURIComponent(number)}/verify`);
  if (r.loading) return <Loading label={vt('verify.checking')} />;
  if (r.error) return <ErrorBox error={r.error} onRetry={r.error.status >= 500 || r.error.status === 0 ? r.reload : undefined} />;
  const v = r.data;
  if (!v) return null;
  return (
    <div data-testid="verify-result" data-valid={String(v.valid)} data-status={v.status}>
      <Verdict v={v} />
      <dl className="facts verify-facts">
        <Fact label={vt('verify.number.label')} testId="verify-doc-number">
          {v.number}
        </Fact>
        <Fact label={vt('verify.kind')}>{vt(v.kind === 'refusal' ? 'verify.kind.refusal' : 'verify.kind.result')}</Fact>
        <Fact label={vt('verify.service')} testId="verify-service">
          {v.service.name ? pick(v.service.name) : v.service.code}
        </Fact>
        <Fact label={vt('verify.issuedAt')} testId="verify-issued-at">
          {formatDateTime(v.issuedAt).slice(0, 10)}
        </Fact>
        <Fact label={vt('verify.issuer')} testId="verify-issuer">
          {pick(v.issuer.name)}
        </Fact>
        <Fact label={vt('verify.official')}>{v.issuer.official}</Fact>
        <Fact label={vt('verify.signedAt')}>{v.signedAt ? formatDateTime(v.signedAt) : null}</Fact>
        <Fact label={vt('verify.signer')}>{v.signer?.name ?? null}</Fact>
        <Fact label={vt('verify.status')} testId="verify-status">
          {vt(v.status === 'revoked' ? 'verify.status.revoked' : 'verify.status.valid')}
        </Fact>
        <Fact label={vt('verify.revokedAt')}>{v.revokedAt ? formatDateTime(v.revokedAt) : null}</Fact>
        <Fact label={vt('verify.reason')}>{v.revocationReason}</Fact>
        <Fact label={vt('verify.sha256')} testId="verify-sha256" className="verify-hash">
          <code>{v.sha256}</code>
          <span className="hint">{vt('verify.sha256Hint')}</span>
        </Fact>
      </dl>
    </div>
  );
}

export default function VerifyApp() {
  const { vt } = useVerify();
  const { path } = useLocation();
  const number = decodeURIComponent(match('/verify/:number', path)?.number ?? '');
  useDocumentTitle(number ? `${vt('verify.title')}: ${number}` : vt('verify.title'));
  return (
    <section className="card narrow verify-page" data-testid="verify-page">
      <h1>{vt('verify.title')}</h1>
      <p>{vt('verify.lead')}</p>
      <NumberForm key={number} initial={number} />
      {number && <Result number={number} />}
    </section>
  );
}
