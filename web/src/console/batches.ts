/**
 * An organisation hands over its members' pledges as one list (DESIGN §12.5): it picks the fund
 * and the CSV, sees the rows refused by row and column while the good ones go on, follows the
 * pledges being made, then each row's code, status and what has arrived against it.
 */
import { api, apiUrl, ApiError, newIdempotencyKey } from '../api';
import { clear, field, h, scrollTable } from '../dom';
import { formatDateTime, formatVnd } from '../format';
import { L, pick } from '../i18n';
import { PLEDGE_STATUS, statusBadge } from '../status';
import type { ConsoleContext } from './context';
import { errorBox, loading } from './view';

interface Batch {
  id: string;
  fundId: string;
  fileName: string;
  status: 'QUEUED' | 'PROCESSING' | 'COMPLETED';
  rows: number;
  accepted: number;
  rejected: number;
  errors: { path: string; message: string }[];
  processed: number;
  created: number;
  existing: number;
  refused: number;
  uploadedAt: string;
}

interface BatchRow {
  rowNo: number;
  donorName: string;
  amount: number;
  outcome?: string;
  problem?: string;
  ref?: string;
  status?: string;
  received?: number;
}

const OUTCOMES: Record<string, [string, string]> = {
  created: ['Đã tạo', 'Created'],
  existing: ['Đã có từ lần nộp trước', 'From an earlier upload'],
  conflict: ['Trùng mã riêng, khác thông tin', 'Same reference, other details'],
  refused: ['Không tạo được', 'Refused'],
};

function batchPanel(batch: Batch, bearer: string): HTMLElement & { update(b: Batch): void; showRows(): Promise<void> } {
  const panel = h('section', { class: 'card batch', 'data-batch': batch.id, 'aria-live': 'polite' });
  const rowsSlot = h('div', null);
  let cursor: string | undefined;
  const more = h('button', { type: 'button', class: 'btn btn-ghost', hidden: true }, L('Xem thêm dòng', 'More rows'));
  const body = h('tbody');
  const loadRows = async () => {
    const query = cursor ? `?cursor=${cursor}` : '';
    const page = await api<Batch & { rows: { items: BatchRow[]; cursor?: string } }>(`/v1/org/batches/${batch.id}${query}`, { auth: true, headers: { authorization: `Bearer ${bearer}` } });
    for (const row of page.rows.items) {
      body.append(
        h(
          'tr',
          { 'data-row': String(row.rowNo) },
          h('td', { class: 'num' }, String(row.rowNo)),
          h('td', null, row.donorName),
          h('td', { class: 'num' }, formatVnd(row.amount)),
          h('td', { class: 'code' }, row.ref ?? '—'),
          h('td', null, row.status ? statusBadge(row.status, PLEDGE_STATUS) : row.outcome ? L(...OUTCOMES[row.outcome]!) : '—', row.problem ? h('span', { class: 'small muted block' }, row.problem) : null),
          h('td', { class: 'num' }, row.received === undefined ? '—' : formatVnd(row.received)),
        ),
      );
    }
    cursor = page.rows.cursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => void loadRows());
  const draw = (b: Batch) => {
    panel.setAttribute('data-status', b.status);
    clear(
      panel,
      h('h3', { class: 'card-title' }, b.fileName, ' ', h('span', { class: 'badge badge-muted' }, b.status === 'COMPLETED' ? L('Đã xong', 'Done') : L('Đang tạo cam kết…', 'Making pledges…'))),
      h(
        'p',
        { 'data-testid': 'batch-summary' },
        L(
          `${b.rows} dòng: ${b.accepted} hợp lệ, ${b.rejected} lỗi. Đã tạo ${b.created} cam kết, ${b.existing} đã có từ trước, ${b.refused} không tạo được.`,
          `${b.rows} rows: ${b.accepted} valid, ${b.rejected} with errors. ${b.created} pledges created, ${b.existing} from before, ${b.refused} refused.`,
        ),
      ),
      b.errors.length
        ? h(
            'details',
            { open: true },
            h('summary', null, L(`Các dòng lỗi (${b.rejected})`, `Rows with errors (${b.rejected})`)),
            h('ul', { class: 'batch-errors' }, b.errors.slice(0, 200).map((e) => h('li', null, h('strong', null, e.path), `: ${e.message}`))),
          )
        : null,
      rowsSlot,
    );
  };
  draw(batch);
  return Object.assign(panel, {
    update: (b: Batch) => draw(b),
    showRows: async () => {
      clear(
        rowsSlot,
        scrollTable(
          L('Các cam kết của danh sách', 'The list’s pledges'),
          h(
            'table',
            null,
            h('caption', { class: 'sr-only' }, L('Từng dòng và cam kết của nó', 'Each row and its pledge')),
            h('thead', null, h('tr', null, [L('Dòng', 'Row'), L('Người ủng hộ', 'Donor'), L('Số tiền', 'Amount'), L('Mã', 'Code'), L('Trạng thái', 'Status'), L('Đã về', 'Arrived')].map((t, i) => h('th', { scope: 'col', class: i === 2 || i === 5 || i === 0 ? 'num' : undefined }, t)))),
            body,
          ),
        ),
        more,
      );
      await loadRows();
    },
  });
}

export async function batchesTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const bearer = ctx.session.token;
  const funds = ctx.funds.filter((f) => f.acceptsPledges);
  const fund = h('select', { name: 'fundId', class: 'input' }, funds.map((f) => h('option', { value: f.fundId }, pick(f.name))));
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', class: 'input' });
  const fileField = field(L('Danh sách (CSV: ho_ten, so_tien, cong_khai, ma_rieng…)', 'The list (CSV: ho_ten, so_tien, cong_khai, ma_rieng…)'), file);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Nộp danh sách', 'Hand over the list'));
  const result = h('div', null);
  const history = h('div', null, loading());
  const form = h(
    'form',
    { class: 'form card', novalidate: true, 'aria-labelledby': 'h-batch' },
    h('h2', { id: 'h-batch', class: 'card-title' }, L('Nộp danh sách ủng hộ của thành viên', 'Hand over your members’ pledges')),
    h('p', { class: 'hint' }, L('Tối đa 10.000 dòng. Dòng lỗi được báo theo dòng và cột, không chặn các dòng đúng. Nộp lại cùng danh sách không tạo trùng.', 'Up to 10,000 rows. A bad row is reported by row and column and holds back no other. Uploading the same list again creates nothing twice.')),
    field(L('Quỹ', 'Fund'), fund).wrap,
    fileField.wrap,
    submit,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fileField.setError(null);
    clear(result);
    const chosen = file.files?.[0];
    if (!chosen) {
      fileField.setError(L('Chọn tệp CSV.', 'Choose a CSV file.'));
      return;
    }
    submit.disabled = true;
    try {
      const response = await fetch(apiUrl(`/v1/org/batches?fundId=${fund.value}&fileName=${encodeURIComponent(chosen.name)}`), {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'text/csv', 'idempotency-key': newIdempotencyKey() },
        body: chosen,
      });
      const answer = (await response.json()) as unknown;
      if (!response.ok) throw new ApiError(response.status, answer as ConstructorParameters<typeof ApiError>[1]);
      const created = answer as Batch;
      const panel = batchPanel(created, bearer);
      clear(result, panel);
      let current: Batch = created;
      for (let attempt = 0; current.status !== 'COMPLETED' && attempt < 200; attempt++) {
        current = await api<Batch>(`/v1/org/batches/${created.id}/process`, { method: 'POST', auth: true });
        panel.update(current);
      }
      await panel.showRows();
      void loadHistory();
    } catch (error) {
      clear(result, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });
  const loadHistory = async () => {
    try {
      const page = await api<{ items: Batch[] }>('/v1/org/batches?limit=20', { auth: true });
      clear(
        history,
        page.items.length
          ? h('ul', { class: 'batch-history' }, page.items.map((b) => h('li', null, `${formatDateTime(b.uploadedAt)} · ${b.fileName} · ${L(`${b.created} tạo mới, ${b.existing} đã có, ${b.rejected} lỗi`, `${b.created} created, ${b.existing} existing, ${b.rejected} errors`)}`)))
          : h('p', { class: 'muted' }, L('Chưa nộp danh sách nào.', 'No list handed over yet.')),
      );
    } catch (error) {
      clear(history, errorBox(error));
    }
  };
  void loadHistory();
  return h('div', { class: 'console-grid' }, form, h('section', { 'aria-labelledby': 'h-batch-history' }, h('h2', { id: 'h-batch-history', class: 'section-title' }, L('Đã nộp', 'Handed over')), history));
}
