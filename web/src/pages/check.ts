/** "Check my donation": a reference code shows what the fund has received for it. No personal data. */
import { api, apiOptional, ApiError } from '../api';
import { certificateFacts, certificatePath, type GiftLine } from '../certificate-facts';
import { clear, field, h } from '../dom';
import { formatDateTime, formatVnd } from '../format';
import { parseRef } from '../../../shared/domain/refs';
import { bucketLabel, L, pick } from '../i18n';
import type { Page } from '../page';
import type { InclusionProofs, PublicPledge } from '../types';
import { amountWords } from '../amount';
import { statusBadge, PLEDGE_STATUS } from '../status';
import { definitionList, errorBox, progressBar, setTitle } from '../ui';

/**
 * The gift's certificates: one per entry of the code in the latest signed report that is a gift
 * (the pledge, each receipt). Before the first report there is none yet, and the page says so.
 */
async function listCertificates(into: HTMLElement, pledge: PublicPledge): Promise<void> {
  const proofs = await apiOptional<InclusionProofs>(`/v1/reports/${pledge.fundId}/latest/proof?ref=${pledge.ref}`).catch(() => null);
  const gifts = (proofs?.entries ?? []).filter((p) => certificateFacts(p.entry as GiftLine));
  if (!proofs || !gifts.length) {
    clear(into, h('p', { class: 'muted small' }, L('Giấy chứng nhận có sau khi khoản này vào báo cáo đêm đã ký.', 'A certificate is available once this donation is in a signed nightly report.')));
    return;
  }
  clear(
    into,
    h(
      'ul',
      { class: 'plain-list' },
      gifts.map((p) => {
        const facts = certificateFacts(p.entry as GiftLine)!;
        const what = facts.kind === 'received' ? L(`Giấy chứng nhận: đã nhận ${facts.figures.vi}`, `Certificate: received ${facts.figures.en}`) : L(`Giấy chứng nhận: cam kết ${facts.figures.vi}`, `Certificate: pledged ${facts.figures.en}`);
        return h('li', null, h('a', { href: certificatePath(pledge.fundId, proofs.date, p.leafIndex), 'data-leaf': String(p.leafIndex) }, what));
      }),
    ),
  );
}

export const checkPage: Page = async ({ root, params }) => {
  setTitle(L('Tra cứu khoản ủng hộ', 'Check my donation'));
  const input = h('input', { name: 'ref', type: 'text', class: 'input input-code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'UHV1EWZE1' });
  const refField = field(L('Mã tham chiếu (bắt đầu bằng UH)', 'Reference code (starts with UH)'), input, {
    hint: L('Chữ thường, dấu cách, gạch ngang đều được; O được hiểu là 0, I và L là 1.', 'Lower case, spaces and dashes are fine; O reads as 0, I and L as 1.'),
  });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Tra cứu', 'Check'));

  const lookup = async (raw: string) => {
    refField.setError(null);
    clear(result);
    const ref = parseRef(raw, ['UH']);
    if (!ref) {
      refField.setError(L('Mã không hợp lệ. Mã gồm UH và 7 ký tự, ví dụ UHV1EWZE1; hãy kiểm tra lại từng ký tự.', 'Not a valid code. It is UH and 7 characters, e.g. UHV1EWZE1; please check each character.'));
      input.focus();
      return;
    }
    input.value = ref;
    history.replaceState(null, '', `/check?ref=${ref}`);
    submit.disabled = true;
    try {
      const pledge = await api<PublicPledge>(`/v1/pledges/${ref}`);
      const remaining = Math.max(0, pledge.amount - pledge.received);
      const certificates = h('div', { 'data-testid': 'certificates' });
      clear(
        result,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'h-result', 'data-ref': pledge.ref },
          h('h2', { id: 'h-result', class: 'card-title' }, pledge.ref, ' ', statusBadge(pledge.status, PLEDGE_STATUS)),
          progressBar(pledge.received, pledge.amount, L('Đã nhận so với số cam kết', 'Received against the pledge')),
          definitionList([
            [L('Quỹ', 'Fund'), h('a', { href: `/funds/${pledge.fundId}` }, pick(pledge.fundName))],
            [L('Người ủng hộ', 'Donor'), pledge.donorName],
            [L('Số tiền cam kết', 'Pledged'), [formatVnd(pledge.amount), h('span', { class: 'block small muted' }, amountWords(pledge.amount))]],
            [bucketLabel('received'), h('span', { 'data-testid': 'received' }, formatVnd(pledge.received))],
            ...(remaining > 0 && pledge.status !== 'CANCELLED' ? [[L('Còn lại', 'Outstanding'), formatVnd(remaining)] as [string, string]] : []),
            [L('Ngày đăng ký', 'Pledged on'), formatDateTime(pledge.createdAt)],
          ]),
          h(
            'p',
            { class: 'muted small' },
            L('Tiền về tài khoản có thể mất vài giờ để được đối chiếu. ', 'Money can take a few hours to be matched. '),
            h('a', { href: `/verify?fund=${pledge.fundId}&ref=${pledge.ref}` }, L('Kiểm chứng khoản này trong báo cáo đã ký', 'Verify it in a signed report')),
          ),
          h(
            'p',
            { class: 'small' },
            L('Không muốn công khai tên nữa? ', 'No longer want your name published? '),
            h('a', { href: `/withdraw-name?ref=${pledge.ref}`, 'data-testid': 'withdraw-name-link' }, L('Rút tên khỏi công bố', 'Withdraw my name')),
          ),
          certificates,
        ),
      );
      void listCertificates(certificates, pledge);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        clear(result, h('div', { class: 'alert alert-warn', role: 'alert' }, L(`Không tìm thấy khoản ủng hộ ${ref}.`, `No donation ${ref} was found.`)));
      } else {
        clear(result, errorBox(error));
      }
    } finally {
      submit.disabled = false;
    }
  };

  const form = h('form', { class: 'form card form-narrow', novalidate: true }, refField.wrap, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void lookup(input.value);
  });
  clear(
    root,
    h('h1', null, L('Tra cứu khoản ủng hộ', 'Check my donation')),
    h('p', { class: 'lead' }, L('Nhập mã tham chiếu bạn nhận được khi đăng ký để xem quỹ đã nhận được bao nhiêu.', 'Enter the reference code you got when pledging to see what the fund has received.')),
    form,
    result,
  );
  const initial = params.get('ref');
  if (initial) {
    input.value = initial;
    await lookup(initial);
  }
};
