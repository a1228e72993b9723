// Shows what a send really did, as the server reports it (webhook.send_test_message,
// notification.send_test, delivery rows): a success or failure line, then every detail the
// answer holds (HTTP status, the service's answer, latency, error), never a success the server
// did not report.
import {h} from '../dom.js';
import {t, optionLabel, formatNumber} from '../i18n.js';

const SUCCESS = new Set(['delivered', 'sent', 'success', 'ok']);
const PENDING = new Set(['queued', 'sending', 'retrying']);

// 'success', 'failure' or 'pending' for an outcome object.
export function outcomeKind(outcome) {
  if (!outcome || typeof outcome !== 'object') return 'failure';
  const status = String(outcome.status ?? outcome.outcome ?? '').toLowerCase();
  if (SUCCESS.has(status)) return 'success';
  if (PENDING.has(status)) return 'pending';
  if (outcome.ok === true || outcome.delivered === true) return 'success';
  return 'failure';
}

function detailValue(key, value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    return h('pre', {class: 'code-block', text: JSON.stringify(value, null, 2)});
  }
  if (/latency/.test(key) && typeof value === 'number') return `${formatNumber(value)} ms`;
  if (key === 'status') return optionLabel(String(value));
  return String(value);
}

export function outcomeView(outcome, {title = null} = {}) {
  const kind = outcomeKind(outcome);
  const headline = {success: 'outcome.success', failure: 'outcome.failure',
                    pending: 'outcome.pending'}[kind];
  const details = h('dl', {class: 'outcome-details'});
  if (outcome && typeof outcome === 'object') {
    for (const [key, value] of Object.entries(outcome)) {
      details.append(h('dt', {text: t(`outcome.${key}`) === `outcome.${key}` ? key :
                                   t(`outcome.${key}`)}),
                     h('dd', {}, detailValue(key, value)));
    }
  } else {
    details.append(h('dt', {text: t('outcome.answer')}), h('dd', {text: String(outcome)}));
  }
  return h('div', {class: `outcome ${kind}`, role: 'status', dataset: {outcome: kind}},
           h('p', {class: 'outcome-headline'}, title ? `${title} — ` : '', t(headline)), details);
}
