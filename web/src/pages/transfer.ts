/**
 * "Tìm giao dịch / Find my transfer": a donor's day, exact amount and a name fragment, the last
 * digits of their account or memo words find their own gift, masked, and the browser checks its
 * inclusion proof against the signed report's root (DESIGN §7.1).
 */
import { api, ApiError } from '../api';
import { clear, field, h } from '../dom';
import { formatDate, formatDateTime, formatVnd, parseAmount, vietnamToday } from '../format';
import { L, pick } from '../i18n';
import type { Page } from '../page';
import type { Fund } from '../types';
import { emptyState, errorBox, setTitle } from '../ui';
import { proofPasses } from '../verify/proofs';
import type { z } from 'zod';
import type { TransferSearchResult } from '../../../shared/schemas/transfers';

type Found = z.infer<typeof TransferSearchResult>;
type Result = Found['results'][number];

function resultCard(fundId: string, result: Result): HTMLElement {
  const proofLine = h('p', { class: 'small', 'data-testid': 'proof', 'aria-live': 'polite' });
  const { report } = result;
  const card = h(
    'li',
    { class: 'card', 'data-receipt': result.receiptId },
    h('p', { class: 'card-title' }, formatVnd(result.amount), ' · ', result.nameInitials ?? L('Nhà hảo tâm', 'A donor'), result.accountTail ? ` · TK ${result.accountTail}` : ''),
    result.memo ? h('p', { class: 'muted small' }, result.memo) : null,
    proofLine,
  );
  if (report.status === 'pending') {
    proofLine.textContent = L(
      `Sẽ có trong báo cáo ngày ${formatDate(report.date)}, công bố lúc ${formatDateTime(report.publishedAt)}.`,
      `It will be in the report of ${formatDate(report.date)}, published at ${formatDateTime(report.publishedAt)}.`,
    );
    return card;
  }
  proofLine.textContent = L('Đang kiểm tra bằng chứng…', 'Checking the proof…');
  card.append(
    h('p', { class: 'small' }, h('a', { href: `/certificate/${fundId}/${report.date}/${report.leafIndex}` }, L(`Giấy chứng nhận (báo cáo ${formatDate(report.date)}, dòng #${report.leafIndex + 1})`, `Certificate (report of ${formatDate(report.date)}, entry #${report.leafIndex + 1})`))),
  );
  void proofPasses(report.proof).then(
    (ok) => {
      proofLine.dataset.ok = String(ok);
      proofLine.className = ok ? 'small alert alert-success' : 'small alert alert-error';
      proofLine.textContent = ok
        ? L('✓ Bằng chứng hợp lệ: giao dịch nằm trong báo cáo đã ký.', '✓ The proof passes: the gift is in the signed report.')
        : L('✗ Bằng chứng KHÔNG khớp với báo cáo đã ký.', '✗ The proof does NOT match the signed report.');
    },
    () => {
      proofLine.dataset.ok = 'false';
      proofLine.textContent = L('Không kiểm tra được bằng chứng.', 'Could not check the proof.');
    },
  );
  return card;
}

export const transferPage: Page = async ({ root, params }) => {
  setTitle(L('Tìm giao dịch', 'Find my transfer'));
  const funds = (await api<{ items: Fund[] }>('/v1/funds')).items;
  const fundSelect = h('select', { name: 'fund', class: 'input' }, ...funds.map((f) => h('option', { value: f.fundId }, pick(f.name))));
  const dayInput = h('input', { name: 'day', type: 'date', class: 'input', value: params.get('day') ?? vietnamToday() });
  const amountInput = h('input', { name: 'amount', type: 'text', inputmode: 'numeric', class: 'input', placeholder: '500.000', value: params.get('amount') ?? '' });
  const qInput = h('input', { name: 'q', type: 'text', class: 'input', autocomplete: 'off', placeholder: 'nguyen van', value: params.get('q') ?? '' });
  const fundField = field(L('Quỹ', 'Fund'), fundSelect);
  const dayField = field(L('Ngày chuyển (giờ Việt Nam)', 'Day of the transfer (Vietnam time)'), dayInput);
  const amountField = field(L('Số tiền chính xác (đồng)', 'Exact amount (đồng)'), amountInput);
  const qField = field(L('Tên, 3 số cuối tài khoản, hoặc vài chữ trong nội dung', 'Name, last 3+ digits of the account, or a few memo words'), qInput, {
    hint: L('Không cần dấu: “nguyen van” tìm được “Nguyễn Văn”.', 'No diacritics needed: “nguyen van” finds “Nguyễn Văn”.'),
  });
  if (params.get('fund')) fundSelect.value = params.get('fund')!;
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Tìm', 'Find'));

  const search = async () => {
    for (const f of [dayField, amountField, qField]) f.setError(null);
    const amount = parseAmount(amountInput.value);
    if (!dayInput.value) return dayField.setError(L('Hãy chọn ngày chuyển.', 'Choose the day of the transfer.'));
    if (!amount) return amountField.setError(L('Hãy nhập đúng số tiền đã chuyển.', 'Enter the exact amount you sent.'));
    const q = qInput.value.trim();
    const query = new URLSearchParams({ day: dayInput.value, amount: String(amount), q });
    history.replaceState(null, '', `/transfer?fund=${fundSelect.value}&${query}`);
    submit.disabled = true;
    clear(result);
    try {
      const found = await api<Found>(`/v1/funds/${fundSelect.value}/transfers?${query}`);
      if (found.results.length === 0) {
        clear(
          result,
          emptyState(
            L('Chưa tìm thấy giao dịch nào.', 'No transfer found yet.'),
            L(
              'Hãy kiểm tra ngày (giờ Việt Nam) và số tiền chính xác; sao kê ngân hàng có thể được nhập sau vài ngày. Thử 3–4 số cuối tài khoản hoặc vài chữ trong nội dung.',
              'Check the day (Vietnam time) and the exact amount; bank statements can be imported a few days later. Try the last 3–4 digits of your account or a few memo words.',
            ),
          ),
        );
        return;
      }
      clear(
        result,
        h('ul', { class: 'stack', style: 'list-style:none;padding:0' }, ...found.results.map((r) => resultCard(found.fundId, r))),
        found.more ? h('p', { class: 'alert alert-warn' }, L('Còn nhiều giao dịch khớp hơn: hãy thêm chữ hoặc số để thu hẹp.', 'More transfers matched: add words or digits to narrow it down.')) : null,
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) qField.setError(L('Hãy nhập ít nhất 2 chữ cái hoặc 3 chữ số.', 'Enter at least 2 letters or 3 digits.'));
      else if (error instanceof ApiError && error.status === 429) clear(result, h('div', { class: 'alert alert-warn', role: 'alert' }, L('Bạn tìm quá nhiều lần; hãy thử lại sau vài phút.', 'Too many searches; try again in a few minutes.')));
      else clear(result, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  };

  const form = h('form', { class: 'form card form-narrow', novalidate: true }, fundField.wrap, dayField.wrap, amountField.wrap, qField.wrap, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });
  clear(
    root,
    h('h1', null, L('Tìm giao dịch', 'Find my transfer')),
    h('p', { class: 'lead' }, L('Không cần mã UH: ngày, số tiền và tên của bạn là đủ. Kết quả đã được che: chỉ chữ cái đầu của tên và vài số cuối tài khoản.', 'No UH code needed: your day, amount and name are enough. Results are masked: initials and the last digits of the account only.')),
    form,
    result,
  );
  if (params.get('q') && params.get('amount')) await search();
};
