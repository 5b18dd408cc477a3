import { createHmac } from 'node:crypto';
import { secretsEqual } from '../shared/constant-time.js';

/** Headers that sign a request in either direction between Sarafan and the warehouse (docs/supplier-api.md). */
export interface SignatureHeaders {
  'x-sarafan-signature': string;
  'x-sarafan-timestamp': string;
}

/** How far a signed timestamp may be from now. */
export const signatureToleranceSeconds = 5 * 60;

/** Signs a raw body: HMAC-SHA256 of `<timestamp>.<body>` with the shared secret. */
export function signBody(body: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): SignatureHeaders {
  const digest = createHmac('sha256', secret).update(`${nowSeconds}.${body}`).digest('hex');
  return { 'x-sarafan-signature': `sha256=${digest}`, 'x-sarafan-timestamp': String(nowSeconds) };
}

/** Why a signed request was refused; undefined when it is genuine and fresh. */
export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

/** Checks a request's signature and timestamp against the raw body. */
export function verifySignature(
  body: string,
  headers: { signature?: string; timestamp?: string },
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureProblem | undefined {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  if (Math.abs(nowSeconds - Number(timestamp)) > signatureToleranceSeconds) return 'stale';
  return secretsEqual(signature, signBody(body, secret, Number(timestamp))['x-sarafan-signature']) ? undefined : 'mismatch';
}
