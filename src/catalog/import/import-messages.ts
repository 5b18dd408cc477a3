import type { I18n } from '../../shared/i18n.js';
import type { Locale } from '../../shared/money.js';
import type { FeedProblem, ImportReport } from './feed-types.js';

const shownRejections = 20;

/** The import report as a person reads it, rejected offers listed with their reasons. */
export function formatImportReport(i18n: I18n, locale: Locale, report: ImportReport): string {
  const lines = [i18n.t(locale, 'import-report', { ...report })];
  if (report.rejected.length) {
    lines.push('', i18n.t(locale, 'import-rejected-title', { count: report.rejected.length }));
    for (const r of report.rejected.slice(0, shownRejections)) {
      lines.push(i18n.t(locale, 'import-rejected-line', { offer: r.offerId, reason: i18n.t(locale, `import-reason-${r.reason}`, { detail: r.detail ?? '' }) }));
    }
    if (report.rejected.length > shownRejections) {
      lines.push(i18n.t(locale, 'import-rejected-more', { count: report.rejected.length - shownRejections }));
    }
  }
  return lines.join('\n');
}

/** Why a feed was refused, as a person reads it. */
export function formatFeedProblem(i18n: I18n, locale: Locale, problem: FeedProblem): string {
  const { kind, ...args } = problem;
  return i18n.t(locale, `import-error-${kind}`, Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v])));
}
