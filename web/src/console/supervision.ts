/**
 * Giám sát: a fund's flags and the text awaiting moderation (DESIGN §7.4). Auditors answer a flag
 * in public (a later answer corrects an earlier one: nothing is edited); auditors and admins
 * release or reject a held flag reason or pledge name. Cards, not tables, so it reads at 360 px.
 */
import { FLAG_ANSWER_MAX } from '../../../shared/domain/flags';
import { api } from '../api';
import { clear, field, h } from '../dom';
import { formatDateTime } from '../format';
import { L } from '../i18n';
import type { ConsoleContext } from './context';
import { ActionKeys, actorName, fundSelect, latestOnly, roleNote } from './shared';
import { emptyState, errorBox, loading } from './view';

interface StaffFlag {
  id: string;
  target: { kind: 'disbursement'; ref: string } | { kind: 'entry'; entryId: string };
  status: 'OPEN' | 'HELD' | 'REJECTED';
  reason: string;
  contact?: string;
  createdAt: string;
  answers: { text: string; at: string; answeredBy: string }[];
}

interface Queue {
  flags: StaffFlag[];
  pledges: { ref: string; name: string; message?: string; createdAt: string }[];
}

const STATUS: Record<StaffFlag['status'], string> = {
  OPEN: L('Công khai', 'Public'),
  HELD: L('Chờ kiểm duyệt', 'Awaiting moderation'),
  REJECTED: L('Không đăng', 'Not published'),
};

export function supervisionTab(ctx: ConsoleContext): HTMLElement {
  const keys = new ActionKeys();
  const select = fundSelect(ctx);
  const output = h('div', { 'aria-live': 'polite' });
  const canAnswer = ctx.has('auditor');

  const act = async (action: string, path: string, body: unknown) => {
    try {
      await api(path, { method: 'POST', auth: true, idempotencyKey: keys.get(action), body });
      keys.done(action);
      await load();
    } catch (error) {
      output.prepend(errorBox(error));
    }
  };

  const moderation = (what: string, path: string) =>
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-primary btn-small', onClick: () => act(`release:${what}`, path, { decision: 'release' }) }, L('Cho đăng', 'Release')),
      ' ',
      h('button', { type: 'button', class: 'btn btn-small', onClick: () => act(`reject:${what}`, path, { decision: 'reject' }) }, L('Không đăng', 'Reject')),
    );

  const flagCard = (flag: StaffFlag) => {
    const target = flag.target.kind === 'disbursement' ? flag.target.ref : flag.target.entryId;
    const answer = h('textarea', { name: 'answer', class: 'input', rows: 3, maxlength: FLAG_ANSWER_MAX, required: true });
    const form = h('form', { class: 'stack' }, field(L('Trả lời công khai', 'Public answer'), answer).wrap, h('button', { type: 'submit', class: 'btn btn-primary' }, L('Đăng trả lời', 'Publish answer')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void act(`answer:${flag.id}`, `/v1/flags/${flag.id}/answers`, { text: answer.value });
    });
    return h(
      'article',
      { class: 'card stack', 'data-flag': flag.id },
      h('p', null, h('strong', { class: 'code' }, target), ' · ', h('span', { class: 'badge' }, STATUS[flag.status]), h('span', { class: 'muted small block' }, formatDateTime(flag.createdAt))),
      h('p', null, flag.reason),
      flag.contact ? h('p', { class: 'small' }, L('Liên hệ (không công bố): ', 'Contact (never published): '), flag.contact) : null,
      flag.answers.map((a) => h('p', { class: 'small' }, h('span', { class: 'badge' }, L('Đã trả lời', 'Answered')), ' ', a.text, h('span', { class: 'muted block' }, `${actorName(a.answeredBy)} · ${formatDateTime(a.at)}`))),
      flag.status === 'HELD' ? moderation(flag.id, `/v1/flags/${flag.id}/moderation`) : null,
      flag.status === 'OPEN' && canAnswer ? form : null,
    );
  };

  const loads = latestOnly();
  const load = async () => {
    const current = loads.begin();
    clear(output, loading());
    try {
      const queue = await api<Queue>(`/v1/funds/${select.value}/moderation`, { auth: true });
      if (!current()) return;
      clear(
        output,
        h('h2', null, L('Báo sai sót', 'Flags')),
        queue.flags.length ? queue.flags.map(flagCard) : emptyState(L('Chưa có báo sai sót nào.', 'No flags yet.')),
        h('h2', null, L('Tên người ủng hộ chờ kiểm duyệt', 'Pledge names awaiting moderation')),
        queue.pledges.length
          ? queue.pledges.map((p) =>
              h('article', { class: 'card stack', 'data-pledge': p.ref }, h('p', null, h('strong', { class: 'code' }, p.ref), ' · ', p.name), p.message ? h('p', { class: 'small' }, p.message) : null, moderation(p.ref, `/v1/pledges/${p.ref}/moderation`)),
            )
          : emptyState(L('Không có tên nào chờ kiểm duyệt.', 'No names awaiting moderation.')),
      );
    } catch (error) {
      if (current()) clear(output, errorBox(error));
    }
  };
  select.addEventListener('change', () => void load());
  void load();
  return h(
    'div',
    { class: 'stack' },
    roleNote(L('Trả lời được đăng công khai trên trang quỹ; liên hệ của người báo không bao giờ được công bố.', 'Answers are published on the fund page; the flagger’s contact is never published.')),
    field(L('Quỹ', 'Fund'), select).wrap,
    output,
  );
}
