/**
 * Statement layouts: a finance clerk maps a bank export the importer does not know, once. The
 * page previews the file's first rows, the clerk picks the header row, the column of each field
 * and the date and number formats, and saves the mapping under a name; later files with the same
 * header import with it (DESIGN §9.6).
 */
import { api, apiUrl, ApiError, type ProblemDetails } from '../api';
import { clear, field, h } from '../dom';
import { formatDateTime } from '../format';
import { L } from '../i18n';
import type { ConsoleContext } from './context';
import { ActionKeys, actorName, fundSelect, roleNote } from './shared';
import { emptyState, errorBox, loading, scrollTableOf, successBox } from './view';

interface Preview {
  rows: string[][];
  recognised?: { row: number; format: string; label: string };
}

interface SavedMapping {
  id: string;
  fundId: string;
  name: string;
  header: string[];
  version: number;
  updatedBy: string;
  updatedAt: string;
}

const FIELDS: { key: string; vi: string; en: string; required?: boolean }[] = [
  { key: 'date', vi: 'Ngày giao dịch', en: 'Date', required: true },
  { key: 'time', vi: 'Giờ', en: 'Time' },
  { key: 'debit', vi: 'Ghi nợ (tiền ra)', en: 'Debit (money out)' },
  { key: 'credit', vi: 'Ghi có (tiền vào)', en: 'Credit (money in)' },
  { key: 'amount', vi: 'Số tiền có dấu (âm = tiền ra)', en: 'Signed amount (negative = out)' },
  { key: 'balance', vi: 'Số dư', en: 'Balance' },
  { key: 'memo', vi: 'Nội dung', en: 'Memo', required: true },
  { key: 'reference', vi: 'Số tham chiếu', en: 'Reference' },
  { key: 'counterparty', vi: 'Người chuyển / nhận', en: 'Counterparty' },
];

/** `POST /v1/statement-previews` with the file as the body. */
async function previewOf(token: string, file: File): Promise<Preview> {
  const response = await fetch(apiUrl(`/v1/statement-previews?${new URLSearchParams({ fileName: file.name })}`), {
    method: 'POST',
    headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'content-type': file.type || 'text/csv' },
    body: file,
  });
  const body = (await response.json().catch(() => ({ title: response.statusText }))) as unknown;
  if (!response.ok) throw new ApiError(response.status, body as ProblemDetails);
  return body as Preview;
}

/** The first row that looks like a header: at least three filled cells, none of them a number. */
function likelyHeader(rows: string[][]): number {
  const at = rows.findIndex((row) => row.filter((c) => c.trim()).length >= 3 && row.every((c) => !/^[\d.,\s/:-]+$/.test(c.trim()) || !c.trim()));
  return Math.max(at, 0);
}

function savedList(items: SavedMapping[]): HTMLElement {
  if (!items.length) return emptyState(L('Chưa có mẫu nào được lưu.', 'No layout has been saved yet.'));
  return scrollTableOf(
    L('Các mẫu sao kê đã lưu', 'Saved statement layouts'),
    [L('Tên', 'Name'), L('Quỹ', 'Fund'), L('Các cột', 'Columns'), L('Phiên bản', 'Version'), L('Sửa lần cuối', 'Last changed')],
    items.map((m) =>
      h(
        'tr',
        { 'data-mapping-id': m.id },
        h('td', null, m.name),
        h('td', { class: 'small' }, m.fundId),
        h('td', { class: 'small wrap' }, m.header.join(' · ')),
        h('td', { class: 'num' }, String(m.version)),
        h('td', { class: 'small' }, formatDateTime(m.updatedAt), h('span', { class: 'block muted' }, actorName(m.updatedBy))),
      ),
    ),
  );
}

export async function mappingsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const canSave = ctx.has('finance-clerk');
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const list = h('div', null, loading());
  const file = h('input', { type: 'file', name: 'sample', class: 'input', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const fileField = field(L('Một tệp sao kê mẫu của ngân hàng đó', "A statement file of that bank's"), file, {
    hint: L('Chỉ đọc vài dòng đầu để xem trước; không ghi gì.', 'Only its first rows are read for the preview; nothing is written.'),
  });
  const previewButton = h('button', { type: 'button', class: 'btn btn-ghost', disabled: !canSave }, L('Xem trước', 'Preview'));
  const mapper = h('div', { 'aria-live': 'polite' });
  const result = h('div', { 'aria-live': 'polite' });

  const loadList = async () => {
    try {
      const page = await api<{ items: SavedMapping[] }>('/v1/statement-mappings', { auth: true });
      clear(list, savedList(page.items));
    } catch (error) {
      clear(list, errorBox(error));
    }
  };

  const showMapper = (preview: Preview) => {
    const rows = preview.rows;
    const headerRow = h(
      'select',
      { name: 'headerRow', class: 'input' },
      rows.map((row, i) => h('option', { value: String(i) }, `${L('Hàng', 'Row')} ${i + 1}: ${row.filter(Boolean).slice(0, 4).join(' | ').slice(0, 60)}`)),
    );
    headerRow.value = String(preview.recognised?.row !== undefined ? preview.recognised.row - 1 : likelyHeader(rows));
    const selects = new Map<string, HTMLSelectElement>();
    const columnsOf = () => (rows[Number(headerRow.value)] ?? []).filter((c) => c.trim());
    const fillColumns = () => {
      for (const [, select] of selects) {
        const keep = select.value;
        clear(select, h('option', { value: '' }, L('— không có —', '— none —')), columnsOf().map((c) => h('option', { value: c }, c)));
        if (columnsOf().includes(keep)) select.value = keep;
      }
    };
    const fieldRows = FIELDS.map((f) => {
      const select = h('select', { name: `column-${f.key}`, class: 'input' });
      selects.set(f.key, select);
      return field(L(f.vi, f.en), select, { optional: f.required ? undefined : L('không bắt buộc', 'optional') }).wrap;
    });
    fillColumns();
    headerRow.addEventListener('change', fillColumns);
    const dateFormat = h('select', { name: 'dateFormat', class: 'input' }, ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd'].map((f) => h('option', { value: f }, f)));
    const decimal = h(
      'select',
      { name: 'decimal', class: 'input' },
      h('option', { value: 'auto' }, L('Tự nhận biết', 'Detect')),
      h('option', { value: ',' }, L('Dấu phẩy (1.000,5)', 'Comma (1.000,5)')),
      h('option', { value: '.' }, L('Dấu chấm (1,000.5)', 'Point (1,000.5)')),
    );
    const name = h('input', { type: 'text', name: 'mappingName', class: 'input', autocomplete: 'off', placeholder: L('vd: ACB – tài khoản thanh toán', 'e.g. ACB – current account') });
    const nameField = field(L('Tên mẫu', 'Layout name'), name);
    const save = h('button', { type: 'submit', class: 'btn btn-primary', disabled: !canSave }, L('Lưu mẫu', 'Save the layout'));
    const form = h(
      'form',
      { class: 'form', novalidate: true, 'data-testid': 'mapping-form' },
      preview.recognised
        ? h('p', { class: 'alert alert-info' }, L(`Trình nhập đã nhận ra mẫu ${preview.recognised.label} ở hàng ${preview.recognised.row}; không cần lưu mẫu mới.`, `The importer already knows this layout (${preview.recognised.label}, row ${preview.recognised.row}); no new layout is needed.`))
        : null,
      scrollTableOf(
        L('Các dòng đầu của tệp', 'The first rows of the file'),
        [L('Hàng', 'Row'), ...Array.from({ length: Math.max(0, ...rows.map((r) => r.length)) }, (_, i) => `${L('Cột', 'Col')} ${i + 1}`)],
        rows.map((row, i) => h('tr', { 'data-preview-row': String(i + 1) }, h('td', { class: 'num' }, String(i + 1)), row.map((c) => h('td', { class: 'small' }, c)))),
      ),
      field(L('Hàng tên cột', 'Header row'), headerRow).wrap,
      h('fieldset', { class: 'fieldset' }, h('legend', null, L('Cột của từng thông tin', 'The column of each field')), fieldRows),
      field(L('Định dạng ngày', 'Date format'), dateFormat).wrap,
      field(L('Dấu thập phân của số tiền', 'Decimal separator of amounts'), decimal).wrap,
      nameField.wrap,
      save,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clear(result);
      nameField.setError(null);
      if (name.value.trim().length < 2) {
        nameField.setError(L('Đặt tên cho mẫu (ít nhất 2 ký tự).', 'Name the layout (2+ characters).'));
        name.focus();
        return;
      }
      const mapping: Record<string, string> = { dateFormat: dateFormat.value, decimal: decimal.value };
      for (const [key, select] of selects) if (select.value) mapping[key] = select.value;
      const body = { fundId: fund.value, name: name.value.trim(), header: rows[Number(headerRow.value)] ?? [], mapping };
      const action = JSON.stringify(body);
      save.disabled = true;
      try {
        const saved = await api<SavedMapping>('/v1/statement-mappings', { method: 'POST', body, auth: true, idempotencyKey: keys.get(action) });
        keys.done(action);
        clear(result, successBox(L(`Đã lưu mẫu “${saved.name}” (phiên bản ${saved.version}). Các tệp có cùng hàng tên cột sẽ được nhập theo mẫu này.`, `Saved “${saved.name}” (version ${saved.version}). Files with the same header import with it.`)));
        void loadList();
      } catch (error) {
        clear(result, errorBox(error));
      } finally {
        save.disabled = !canSave;
      }
    });
    clear(mapper, form);
  };

  previewButton.addEventListener('click', async () => {
    fileField.setError(null);
    clear(result);
    const chosen = file.files?.[0];
    if (!chosen) {
      fileField.setError(L('Chọn một tệp sao kê.', 'Choose a statement file.'));
      file.focus();
      return;
    }
    previewButton.disabled = true;
    clear(mapper, loading());
    try {
      showMapper(await previewOf(ctx.session.token, chosen));
    } catch (error) {
      clear(mapper, errorBox(error));
    } finally {
      previewButton.disabled = !canSave;
    }
  });
  void loadList();

  return h(
    'div',
    null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'h-mapping' },
      h('h2', { id: 'h-mapping', class: 'card-title' }, L('Mẫu sao kê của ngân hàng khác', "Another bank's statement layout")),
      canSave ? null : roleNote(L('Chỉ kế toán được lưu mẫu; bạn có thể xem các mẫu đã lưu.', 'Only a finance clerk saves layouts; you can look at the saved ones.')),
      field(L('Quỹ', 'Fund'), fund).wrap,
      fileField.wrap,
      previewButton,
      mapper,
      result,
    ),
    h('section', { class: 'card', 'aria-labelledby': 'h-mappings' }, h('h2', { id: 'h-mappings', class: 'card-title' }, L('Các mẫu đã lưu', 'Saved layouts')), list),
  );
}
