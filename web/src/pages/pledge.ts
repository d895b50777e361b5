/**
 * The pledge form and its result: reference code, VietQR image, bank details, copy buttons.
 * One Idempotency-Key per form fill: a double click or a retry after a dropped connection
 * gets the same pledge back, never a second one.
 */
import { api, ApiError, fieldErrorText, newIdempotencyKey } from '../api';
import { clear, field, h, svg } from '../dom';
import { amountInput, amountWords } from '../amount';
import { formatVnd } from '../format';
import { L, pick } from '../i18n';
import type { Page } from '../page';
import { QUIET_ZONE, qrImage } from '../qr-image';
import type { Fund, PledgeCreated, PublicPledge } from '../types';
import { copyButton, definitionList, emptyState, errorBox, setTitle } from '../ui';

const RESULT_KEY = 'sovang.pledge.';
const QUICK_AMOUNTS = [100_000, 200_000, 500_000, 1_000_000, 5_000_000];

export const pledgePage: Page = async ({ root, params, navigate }) => {
  setTitle(L('Ủng hộ', 'Donate'));
  let funds: Fund[];
  try {
    funds = (await api<{ items: Fund[] }>('/v1/funds')).items.filter((f) => f.status === 'OPEN');
  } catch (error) {
    clear(root, h('h1', null, L('Ủng hộ', 'Donate')), errorBox(error));
    return;
  }
  if (!funds.length) {
    clear(root, h('h1', null, L('Ủng hộ', 'Donate')), emptyState(L('Hiện không có quỹ nào đang nhận ủng hộ.', 'No fund is taking donations right now.')));
    return;
  }

  // One key per form fill; a new one only once the body changes after a submission.
  let idempotencyKey = newIdempotencyKey();
  let submittedBody: string | null = null;
  let inFlight = false;

  const fundSelect = h('select', { name: 'fundId', class: 'input', required: true }, funds.map((f) => h('option', { value: f.fundId, selected: f.fundId === params.get('fund') }, pick(f.name))));
  // The fund's published accounts: the donor picks the bank they pay from, and the VietQR names it.
  const accountSelect = h('select', { name: 'accountNumber', class: 'input' });
  const accountField = field(L('Chuyển vào tài khoản', 'Pay into the account'), accountSelect, { hint: L('Chọn ngân hàng thuận tiện cho bạn; mã VietQR sẽ ghi tài khoản này.', 'Pick the bank that suits you; the VietQR code names this account.') });
  const syncAccounts = () => {
    const accounts = funds.find((f) => f.fundId === fundSelect.value)?.bankAccounts ?? [];
    clear(accountSelect, accounts.map((a) => h('option', { value: a.accountNumber }, `${a.bankName} · ${a.accountNumber}`)));
    accountField.wrap.hidden = accounts.length < 2;
  };
  fundSelect.addEventListener('change', syncAccounts);
  syncAccounts();
  const typeIndividual = h('input', { type: 'radio', name: 'donorType', value: 'individual', id: 'donor-individual', checked: true });
  const typeOrg = h('input', { type: 'radio', name: 'donorType', value: 'organisation', id: 'donor-organisation' });
  const name = h('input', { name: 'name', type: 'text', class: 'input', autocomplete: 'name', required: true, maxlength: '200' });
  const taxCode = h('input', { name: 'taxCode', type: 'text', class: 'input', inputmode: 'numeric', autocomplete: 'off', maxlength: '14' });
  const email = h('input', { name: 'email', type: 'email', class: 'input', autocomplete: 'email' });
  const phone = h('input', { name: 'phone', type: 'tel', class: 'input', autocomplete: 'tel' });
  const amount = amountInput('amount');
  const message = h('textarea', { name: 'message', class: 'input', rows: '2', maxlength: '500' });
  const publish = h('input', { type: 'checkbox', name: 'publishName', id: 'publish-name' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-large' }, L('Đăng ký ủng hộ', 'Pledge'));
  const formError = h('div', { 'aria-live': 'assertive' });

  const fields = {
    fundId: field(L('Quỹ', 'Fund'), fundSelect),
    name: field(L('Họ tên hoặc tên tổ chức', 'Name of the person or organisation'), name),
    taxCode: field(L('Mã số thuế', 'Tax code (MST)'), taxCode, { optional: L('không bắt buộc', 'optional'), hint: L('10 chữ số, có thể thêm -NNN', '10 digits, optionally -NNN') }),
    email: field('Email', email, { optional: L('không bắt buộc, không công khai', 'optional, never published') }),
    phone: field(L('Số điện thoại', 'Phone'), phone, { optional: L('không bắt buộc, không công khai', 'optional, never published') }),
    amount: field(L('Số tiền (đồng)', 'Amount (đồng)'), amount.input, { hint: amount.words }),
    message: field(L('Lời nhắn', 'Message'), message, { optional: L('không bắt buộc', 'optional') }),
  };
  const taxWrap = fields.taxCode.wrap;
  const syncType = () => (taxWrap.hidden = !typeOrg.checked);
  typeIndividual.addEventListener('change', syncType);
  typeOrg.addEventListener('change', syncType);
  syncType();

  const quick = h(
    'div',
    { class: 'quick-amounts', role: 'group', 'aria-label': L('Chọn nhanh số tiền', 'Quick amounts') },
    QUICK_AMOUNTS.map((value) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          onclick: () => {
            amount.set(value);
            fields.amount.setError(null);
          },
        },
        formatVnd(value),
      ),
    ),
  );

  const fieldFor = (path: string) => {
    const key = path.replace(/^body\./, '').replace(/^donor\./, '');
    return (fields as Record<string, ReturnType<typeof field>>)[key];
  };

  const form = h(
    'form',
    { class: 'form card', novalidate: true },
    fields.fundId.wrap,
    accountField.wrap,
    h(
      'fieldset',
      { class: 'fieldset' },
      h('legend', null, L('Người ủng hộ', 'Donor')),
      h('div', { class: 'radio-row' }, h('label', { class: 'radio' }, typeIndividual, L(' Cá nhân', ' Individual')), h('label', { class: 'radio' }, typeOrg, L(' Tổ chức', ' Organisation'))),
      fields.name.wrap,
      taxWrap,
      fields.email.wrap,
      fields.phone.wrap,
    ),
    fields.amount.wrap,
    quick,
    fields.message.wrap,
    h(
      'div',
      { class: 'checkbox' },
      publish,
      h('label', { for: 'publish-name' }, L('Tôi đồng ý công khai tên của tôi trong danh sách ủng hộ', 'I agree to have my name published in the list of donors')),
    ),
    h('p', { class: 'hint' }, L('Nếu không đồng ý, bạn được ghi là “Nhà hảo tâm”. Số tài khoản, điện thoại, email không bao giờ được công khai.', 'If not, you are listed as “Nhà hảo tâm” (a kind donor). Account numbers, phones and emails are never published.')),
    formError,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) return; // a double click: the first request is still running
    clear(formError);
    Object.values(fields).forEach((f) => f.setError(null));
    const value = amount.value();
    const problems: [ReturnType<typeof field>, string][] = [];
    if (!name.value.trim()) problems.push([fields.name, L('Vui lòng nhập tên.', 'Please enter a name.')]);
    if (!value || value <= 0) problems.push([fields.amount, L('Vui lòng nhập số tiền lớn hơn 0, ví dụ 500.000.', 'Please enter an amount above 0, e.g. 500.000.')]);
    if (typeOrg.checked && taxCode.value && !/^\d{10}(-\d{3})?$/.test(taxCode.value.trim())) problems.push([fields.taxCode, L('Mã số thuế gồm 10 chữ số.', 'A tax code has 10 digits.')]);
    if (problems.length) {
      problems.forEach(([f, m]) => f.setError(m));
      (problems[0]![0].wrap.querySelector('input,select,textarea') as HTMLElement | null)?.focus();
      return;
    }
    const donor: Record<string, string> = { type: typeOrg.checked ? 'organisation' : 'individual', name: name.value.trim() };
    if (typeOrg.checked && taxCode.value.trim()) donor.taxCode = taxCode.value.trim();
    if (email.value.trim()) donor.email = email.value.trim();
    if (phone.value.trim()) donor.phone = phone.value.trim();
    const body = {
      fundId: fundSelect.value,
      donor,
      amount: value,
      publishName: publish.checked,
      ...(message.value.trim() ? { message: message.value.trim() } : {}),
      ...(accountField.wrap.hidden || !accountSelect.value ? {} : { accountNumber: accountSelect.value }),
    };
    const bodyJson = JSON.stringify(body);
    if (submittedBody !== null && submittedBody !== bodyJson) idempotencyKey = newIdempotencyKey();
    submittedBody = bodyJson;
    inFlight = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    submit.textContent = L('Đang gửi…', 'Sending…');
    try {
      const created = await api<PledgeCreated>('/v1/pledges', { method: 'POST', body, idempotencyKey });
      try {
        sessionStorage.setItem(RESULT_KEY + created.ref, JSON.stringify(created));
      } catch {
        // The result page can still fetch the public status.
      }
      navigate(`/pledge/${created.ref}`);
    } catch (error) {
      if (error instanceof ApiError && error.problem.errors?.length) {
        for (const e of error.problem.errors) fieldFor(e.path)?.setError(fieldErrorText(e));
      }
      clear(formError, errorBox(error));
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
      submit.textContent = L('Đăng ký ủng hộ', 'Pledge');
    } finally {
      inFlight = false;
    }
  });

  clear(
    root,
    h('h1', null, L('Đăng ký ủng hộ', 'Make a pledge')),
    h('p', { class: 'lead' }, L('Điền thông tin, nhận mã tham chiếu và mã VietQR để chuyển khoản.', 'Fill in the form to get a reference code and a VietQR code to pay with.')),
    form,
  );
};

function qrFigure(payload: string, label: string): HTMLElement {
  const qr = qrImage(payload);
  const image = svg(
    'svg',
    { class: 'qr', viewBox: qr.viewBox, 'shape-rendering': 'crispEdges', role: 'img', 'aria-label': label, 'data-version': String(qr.version), 'data-payload': payload },
    svg('rect', { x: -QUIET_ZONE, y: -QUIET_ZONE, width: qr.size + 2 * QUIET_ZONE, height: qr.size + 2 * QUIET_ZONE, fill: '#fff' }),
    svg('path', { d: qr.path, fill: '#000' }),
  );
  // The file is the image on the page, white quiet zone included.
  const file = new XMLSerializer().serializeToString(image);
  const download = h('a', { class: 'btn btn-small btn-ghost', href: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(file)}`, download: 'vietqr.svg' }, L('Tải mã QR', 'Download the QR code'));
  return h('figure', { class: 'qr-figure' }, image, h('figcaption', null, L('Quét bằng ứng dụng ngân hàng', 'Scan with your banking app'), ' ', download));
}

/** What the result page shows: from the pledge just made, or from the pledge's public view. */
type PaymentView = Pick<PledgeCreated, 'ref' | 'fundId' | 'amount' | 'payment'>;

export const pledgeResultPage: Page = async ({ root, match }) => {
  const ref = match[1]!;
  setTitle(ref);
  let shown: PaymentView | null;
  let justMade = true;
  try {
    shown = JSON.parse(sessionStorage.getItem(RESULT_KEY + ref) ?? 'null') as PledgeCreated | null;
  } catch {
    shown = null;
  }
  if (!shown) {
    // Reopened later or elsewhere: the account, memo and VietQR are not personal data, and the
    // pledge's public view carries them.
    justMade = false;
    try {
      shown = await api<PublicPledge>(`/v1/pledges/${ref}`);
    } catch (error) {
      clear(root, h('h1', null, L('Mã tham chiếu', 'Reference code'), ` ${ref}`), errorBox(error), h('p', null, h('a', { href: `/check?ref=${ref}` }, L('Tra cứu trạng thái khoản ủng hộ', 'Check the status of this donation'))));
      return;
    }
  }
  const created = shown;
  const p = created.payment;
  const amountText = formatVnd(created.amount);
  clear(
    root,
    h('h1', null, justMade ? L('Cảm ơn bạn đã ủng hộ!', 'Thank you for your pledge!') : L('Thông tin chuyển khoản', 'Payment details'), justMade ? null : ` ${ref}`),
    h('p', { class: 'lead' }, L('Vui lòng chuyển khoản với đúng nội dung dưới đây để chúng tôi đối chiếu.', 'Please transfer with exactly this memo, so that we can match your payment.')),
    h(
      'div',
      { class: 'result-grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'h-ref' },
        h('h2', { id: 'h-ref', class: 'card-title' }, L('Mã tham chiếu', 'Reference code')),
        h('p', { class: 'ref-code', 'data-testid': 'pledge-ref' }, created.ref),
        copyButton(created.ref, L('mã tham chiếu', 'the reference code')),
        h('p', { class: 'hint' }, L('Giữ mã này để tra cứu khoản ủng hộ và kiểm chứng trong báo cáo.', 'Keep this code to check your donation and verify it in the reports.')),
        h('p', null, h('a', { href: `/check?ref=${created.ref}` }, L('Tra cứu trạng thái', 'Check its status'))),
        h('p', { class: 'small' }, h('a', { href: `/withdraw-name?ref=${created.ref}`, 'data-testid': 'withdraw-name-link' }, L('Rút tên khỏi công bố', 'Withdraw my name from publication'))),
      ),
      h('section', { class: 'card qr-card', 'aria-labelledby': 'h-qr' }, h('h2', { id: 'h-qr', class: 'card-title' }, 'VietQR'), qrFigure(p.vietQr, L(`Mã VietQR: chuyển ${amountText} tới ${p.bankName} ${p.accountNumber}, nội dung ${p.memo}`, `VietQR code: pay ${amountText} to ${p.bankName} ${p.accountNumber}, memo ${p.memo}`))),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'h-bank' },
        h('h2', { id: 'h-bank', class: 'card-title' }, L('Chuyển khoản thủ công', 'Transfer by hand')),
        definitionList([
          [L('Ngân hàng', 'Bank'), p.bankName],
          [L('Số tài khoản', 'Account number'), [h('span', { class: 'mono' }, p.accountNumber), ' ', copyButton(p.accountNumber, L('số tài khoản', 'the account number'))]],
          [L('Chủ tài khoản', 'Account name'), p.accountName],
          [L('Số tiền', 'Amount'), [h('span', { class: 'mono' }, amountText), ' ', copyButton(String(created.amount), L('số tiền', 'the amount')), h('span', { class: 'block small muted' }, amountWords(created.amount))]],
          [L('Nội dung', 'Memo'), [h('span', { class: 'mono', 'data-testid': 'memo' }, p.memo), ' ', copyButton(p.memo, L('nội dung chuyển khoản', 'the memo'))]],
        ]),
      ),
    ),
    h('p', null, h('a', { class: 'btn btn-ghost', href: `/pledge?fund=${created.fundId}` }, L('Ủng hộ thêm', 'Pledge again'))),
  );
};
