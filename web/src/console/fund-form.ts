/**
 * The form that opens a campaign (DESIGN §12.1): code, names and purpose in both languages, kind,
 * target, one or more accounts at banks of the VietQR list (each number checked against its
 * bank's lengths before it is sent), the receiving window, the distribution deadline, and the
 * committee it belongs to (one the admin's grants cover).
 */
import { api, ApiError } from '../api';
import { amountInput } from '../amount';
import { clear, field, h, uid } from '../dom';
import { localInputToIso } from '../format';
import { L } from '../i18n';
import { BANKS, accountNumberProblem } from '../../../shared/domain/banks';
import { ActionKeys, textField } from './shared';
import { errorBox, successBox } from './view';

export interface CreatedFund {
  fundId: string;
  code: string;
  status: string;
  version: number;
}

interface AccountRow {
  row: HTMLElement;
  bank: HTMLSelectElement;
  number: ReturnType<typeof textField>;
  holder: ReturnType<typeof textField>;
}

/** `MTTQ-SG/2026/TET` → `mttq-sg-2026-tet`: the fund's address, from its code. */
export function slugOf(code: string): string {
  return code
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

function accountRow(index: number, remove: (row: AccountRow) => void): AccountRow {
  const bank = h('select', { name: `bank-${index}`, class: 'input' }, BANKS.map((b) => h('option', { value: b.bin }, `${b.shortName} (${b.bin})`)));
  const number = textField(L('Số tài khoản', 'Account number'), `accountNumber-${index}`, { attrs: { inputmode: 'numeric', spellcheck: 'false' } });
  const holder = textField(L('Chủ tài khoản', 'Account holder'), `accountName-${index}`);
  const bankField = field(L('Ngân hàng', 'Bank'), bank);
  const removeButton = h('button', { type: 'button', class: 'btn btn-small btn-ghost' }, L('Bỏ tài khoản này', 'Remove this account'));
  const row: AccountRow = { row: h('fieldset', { class: 'fieldset account-row', 'data-account': String(index) }), bank, number, holder };
  removeButton.addEventListener('click', () => remove(row));
  clear(row.row, h('legend', null, L(`Tài khoản ${index + 1}`, `Account ${index + 1}`)), bankField.wrap, number.wrap, holder.wrap, removeButton);
  return row;
}

export function fundForm(committees: { id: string; name: string }[], onCreated: (fund: CreatedFund) => void): HTMLElement {
  const keys = new ActionKeys();
  const code = textField(L('Mã quỹ (theo sổ sách của ủy ban)', 'Fund code (in the committee’s books)'), 'code', { hint: L('vd: MTTQ-SG/2026/TET', 'e.g. MTTQ-SG/2026/TET'), attrs: { spellcheck: 'false' } });
  const fundId = textField(L('Địa chỉ trên cổng thông tin', 'Address on the portal'), 'fundId', { hint: L('Tự tạo từ mã quỹ; chữ thường, số, gạch ngang.', 'Made from the code; lower case, digits, dashes.'), attrs: { spellcheck: 'false' } });
  let fundIdEdited = false;
  fundId.input.addEventListener('input', () => (fundIdEdited = true));
  code.input.addEventListener('input', () => {
    if (!fundIdEdited) fundId.input.value = slugOf(code.input.value);
  });
  const nameVi = textField(L('Tên quỹ (tiếng Việt)', 'Name (Vietnamese)'), 'nameVi');
  const nameEn = textField(L('Tên quỹ (tiếng Anh)', 'Name (English)'), 'nameEn');
  const purposeVi = h('textarea', { name: 'purposeVi', class: 'input', rows: '2', maxlength: '2000' });
  const purposeEn = h('textarea', { name: 'purposeEn', class: 'input', rows: '2', maxlength: '2000' });
  const purposeViField = field(L('Mục đích (tiếng Việt)', 'Purpose (Vietnamese)'), purposeVi);
  const purposeEnField = field(L('Mục đích (tiếng Anh)', 'Purpose (English)'), purposeEn);
  const kindName = uid('kind');
  const kinds = (['money', 'goods', 'both'] as const).map((value) => ({ value, input: h('input', { type: 'radio', name: kindName, value, checked: value === 'money' }) }));
  const kindLabels: Record<string, string> = { money: L('Tiền', 'Money'), goods: L('Hiện vật', 'Goods'), both: L('Tiền và hiện vật', 'Money and goods') };
  const target = amountInput('target');
  const targetField = field(L('Mục tiêu vận động (đồng)', 'Target (đồng)'), target.input, { hint: target.words });
  const accountsList = h('div', { class: 'accounts' });
  const accounts: AccountRow[] = [];
  const accountsError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const addAccount = () => {
    const row = accountRow(accounts.length, (gone) => {
      if (accounts.length === 1) return;
      accounts.splice(accounts.indexOf(gone), 1);
      gone.row.remove();
    });
    accounts.push(row);
    accountsList.append(row.row);
    return row;
  };
  addAccount();
  const addButton = h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => addAccount().number.input.focus() }, L('Thêm tài khoản ở ngân hàng khác', 'Add an account at another bank'));
  const opensAt = textField(L('Bắt đầu nhận ủng hộ (giờ Việt Nam)', 'Receiving opens (Vietnam time)'), 'opensAt', { type: 'datetime-local' });
  const closesAt = textField(L('Kết thúc nhận ủng hộ (giờ Việt Nam)', 'Receiving closes (Vietnam time)'), 'closesAt', { type: 'datetime-local', optional: true });
  const deadline = textField(L('Hạn phân bổ, giải ngân', 'Distribution deadline'), 'distributionDeadline', { type: 'date', hint: L('Nghị định 93/2021: công khai thời hạn tiếp nhận và phân phối.', 'Decree 93/2021: the receiving and distribution periods are published.') });
  const committee = h('select', { name: 'committeeId', class: 'input' }, committees.map((c) => h('option', { value: c.id }, c.name)));
  const committeeField = field(L('Ủy ban quản lý quỹ', 'Committee running the fund'), committee);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Lập quỹ (bản nháp)', 'Create the fund (a draft)'));
  const result = h('div', { 'aria-live': 'polite' });

  const form = h(
    'form',
    { class: 'form card', novalidate: true, 'aria-labelledby': 'h-new-fund', 'data-testid': 'fund-form' },
    h('h2', { id: 'h-new-fund', class: 'card-title' }, L('Lập quỹ mới', 'Open a new campaign')),
    code.wrap,
    fundId.wrap,
    nameVi.wrap,
    nameEn.wrap,
    purposeViField.wrap,
    purposeEnField.wrap,
    h('fieldset', { class: 'fieldset' }, h('legend', null, L('Quỹ nhận', 'The fund receives')), h('div', { class: 'radio-row' }, kinds.map((k) => h('label', { class: 'radio' }, k.input, ` ${kindLabels[k.value]}`)))),
    targetField.wrap,
    h('fieldset', { class: 'fieldset' }, h('legend', null, L('Tài khoản nhận ủng hộ', 'Receiving accounts')), accountsList, accountsError, addButton),
    opensAt.wrap,
    closesAt.wrap,
    deadline.wrap,
    committeeField.wrap,
    submit,
    result,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    const all = [code, fundId, nameVi, nameEn, purposeViField, purposeEnField, targetField, opensAt, deadline, closesAt, ...accounts.flatMap((a) => [a.number, a.holder])];
    all.forEach((f) => f.setError(null));
    accountsError.hidden = true;
    const problems: [{ setError(m: string | null): void }, string][] = [];
    const required = (f: { input: HTMLInputElement } & { setError(m: string | null): void }, message: string) => {
      if (!f.input.value.trim()) problems.push([f, message]);
    };
    required(code, L('Nhập mã quỹ.', 'Enter the fund code.'));
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(fundId.input.value)) problems.push([fundId, L('Chỉ gồm chữ thường không dấu, số và gạch ngang.', 'Lower-case letters, digits and dashes only.')]);
    required(nameVi, L('Nhập tên quỹ.', 'Enter the name.'));
    required(nameEn, L('Nhập tên tiếng Anh.', 'Enter the English name.'));
    if (!purposeVi.value.trim()) problems.push([purposeViField, L('Nhập mục đích.', 'Enter the purpose.')]);
    if (!purposeEn.value.trim()) problems.push([purposeEnField, L('Nhập mục đích bằng tiếng Anh.', 'Enter the purpose in English.')]);
    if (!target.value()) problems.push([targetField, L('Nhập mục tiêu lớn hơn 0.', 'Enter a target above 0.')]);
    for (const a of accounts) {
      const problem = accountNumberProblem(a.bank.value, a.number.input.value.trim());
      if (problem) problems.push([a.number, problem.split(' / ')[0]!]);
      required(a.holder, L('Nhập chủ tài khoản.', 'Enter the holder.'));
    }
    required(opensAt, L('Chọn thời điểm bắt đầu.', 'Choose when receiving opens.'));
    required(deadline, L('Chọn hạn phân bổ.', 'Choose the distribution deadline.'));
    for (const [target, message] of problems) target.setError(message);
    if (problems.length) {
      (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    const body = {
      fundId: fundId.input.value,
      code: code.input.value.trim(),
      name: { vi: nameVi.input.value.trim(), en: nameEn.input.value.trim() },
      purpose: { vi: purposeVi.value.trim(), en: purposeEn.value.trim() },
      kind: kinds.find((k) => k.input.checked)!.value,
      target: target.value(),
      bankAccounts: accounts.map((a) => ({ bankBin: a.bank.value, accountNumber: a.number.input.value.trim(), accountName: a.holder.input.value.trim() })),
      receiving: { opensAt: localInputToIso(opensAt.input.value), ...(closesAt.input.value ? { closesAt: localInputToIso(closesAt.input.value) } : {}) },
      distributionDeadline: deadline.input.value,
      committeeId: committee.value,
    };
    const action = `fund:${JSON.stringify(body)}`;
    submit.disabled = true;
    try {
      const created = await api<CreatedFund>('/v1/funds', { method: 'POST', body, auth: true, idempotencyKey: keys.get(action) });
      keys.done(action);
      clear(result, successBox(L('Đã lập quỹ ', 'Created '), h('span', { class: 'code', 'data-testid': 'created-fund' }, created.fundId), L(' (bản nháp). Mở quỹ để bắt đầu nhận ủng hộ.', ' (a draft). Open it to start receiving.')));
      onCreated(created);
    } catch (error) {
      if (error instanceof ApiError) {
        const byPath: Record<string, { setError(m: string | null): void }> = { 'body.code': code, 'body.fundId': fundId, 'body.target': targetField, 'body.distributionDeadline': deadline };
        for (const e of error.problem.errors ?? []) {
          const account = /^body\.bankAccounts\.(\d+)\.(accountNumber|accountName)/.exec(e.path);
          if (account) (account[2] === 'accountNumber' ? accounts[Number(account[1])]?.number : accounts[Number(account[1])]?.holder)?.setError(e.message);
          else if (e.path.startsWith('body.bankAccounts')) {
            accountsError.textContent = e.message;
            accountsError.hidden = false;
          } else byPath[e.path]?.setError(e.message);
        }
      }
      clear(result, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
