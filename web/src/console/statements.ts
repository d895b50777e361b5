/**
 * Bank statements and the unmatched queue. The statements API is still being built: these
 * screens read the API's OpenAPI document and say plainly when the route is not there yet.
 * Upload sends the file as the request body (`POST /v1/statements?fundId=…`, with the file's
 * name and type in headers) with progress; adjust `uploadStatement` once the route's contract
 * is final.
 */
import { apiUrl, newIdempotencyKey } from '../api';
import { clear, field, h } from '../dom';
import { formatVnd } from '../format';
import { L } from '../i18n';
import type { ConsoleContext } from './console';
import { fundSelect, roleNote } from './shared';
import { emptyState, errorBox, loading } from './view';

function notYet(what: string): HTMLElement {
  return h(
    'section',
    { class: 'card', 'data-testid': 'not-available' },
    h('h2', { class: 'card-title' }, what),
    emptyState(
      L('Chức năng này chưa khả dụng.', 'This is not available yet.'),
      L('API chưa có tuyến này; màn hình sẽ tự bật khi tuyến được triển khai. Trong lúc chờ, hãy ghi nhận khoản thu thủ công.', 'The API does not offer this route yet; the screen turns on by itself once it is deployed. Meanwhile, record receipts by hand.'),
    ),
  );
}

function uploadStatement(token: string, fundId: string, file: File, onProgress: (fraction: number) => void): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(`/v1/statements?fundId=${encodeURIComponent(fundId)}`));
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('idempotency-key', newIdempotencyKey());
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
      } catch {
        body = { detail: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error(String(body.detail ?? body.title ?? `HTTP ${xhr.status}`)));
    };
    xhr.onerror = () => reject(new Error(L('Mất kết nối khi tải lên.', 'The connection dropped during the upload.')));
    xhr.send(file);
  });
}

export function statementsTab(ctx: ConsoleContext): HTMLElement {
  if (!ctx.features.statements) return notYet(L('Nhập sao kê ngân hàng', 'Import a bank statement'));
  const canUpload = ctx.has('finance-clerk');
  const fund = fundSelect(ctx);
  const file = h('input', { type: 'file', name: 'statement', class: 'input', accept: '.csv,.xlsx,.xls,text/csv' });
  const progress = h('progress', { max: '1', value: '0', hidden: true, 'aria-label': L('Tiến độ tải lên', 'Upload progress') });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: !canUpload }, L('Tải lên và đối chiếu', 'Upload and match'));
  const form = h(
    'form',
    { class: 'form card', novalidate: true },
    h('h2', { class: 'card-title' }, L('Nhập sao kê ngân hàng', 'Import a bank statement')),
    canUpload ? null : roleNote(L('Chỉ kế toán được nhập sao kê.', 'Only a finance clerk imports statements.')),
    field(L('Quỹ', 'Fund'), fund).wrap,
    field(L('Tệp sao kê (CSV hoặc Excel)', 'Statement file (CSV or Excel)'), file).wrap,
    progress,
    submit,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      clear(result, errorBox(new Error(L('Chọn một tệp sao kê.', 'Choose a statement file.'))));
      return;
    }
    submit.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    try {
      const body = await uploadStatement(ctx.session.token, fund.value, chosen, (f) => (progress.value = f));
      const counts = ['lines', 'matched', 'unmatched', 'ignored'].filter((k) => typeof body[k] === 'number').map((k) => `${k}: ${body[k]}`);
      clear(result, h('p', { class: 'alert alert-success', role: 'status' }, L('Đã nhập sao kê. ', 'Statement imported. '), counts.join(', ')));
    } catch (error) {
      clear(result, errorBox(error));
    } finally {
      submit.disabled = !canUpload;
    }
  });
  return form;
}

export function unmatchedTab(ctx: ConsoleContext): HTMLElement {
  const path = ctx.features.unmatched;
  if (!path) return notYet(L('Dòng sao kê chưa khớp', 'Unmatched statement lines'));
  const list = h('div', null, loading());
  void fetch(apiUrl(path.replace(/\{[^}]+\}/g, '')), { headers: { authorization: `Bearer ${ctx.session.token}` } })
    .then(async (r) => {
      const body = (await r.json()) as { items?: Record<string, unknown>[] };
      const items = body.items ?? [];
      clear(
        list,
        items.length
          ? h(
              'ul',
              { class: 'plain-list' },
              items.map((line) => {
                const suggestions = Array.isArray(line.suggestions) ? (line.suggestions as Record<string, unknown>[]) : [];
                return h(
                  'li',
                  { class: 'card' },
                  h('p', null, h('strong', null, typeof line.amount === 'number' ? formatVnd(line.amount) : ''), ' — ', String(line.memo ?? line.description ?? '')),
                  suggestions.length ? h('p', { class: 'muted small' }, L('Gợi ý: ', 'Suggestions: '), suggestions.map((s) => String(s.pledgeRef ?? s.ref ?? '')).join(', ')) : null,
                );
              }),
            )
          : emptyState(L('Không còn dòng nào chưa khớp.', 'No unmatched lines.')),
      );
    })
    .catch((error: unknown) => clear(list, errorBox(error)));
  return h('section', { class: 'card' }, h('h2', { class: 'card-title' }, L('Dòng sao kê chưa khớp', 'Unmatched statement lines')), list);
}
