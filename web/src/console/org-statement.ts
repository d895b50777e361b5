/**
 * An organisation's statement for a year (GET /v1/organisations/{orgId}/statement): its pledges
 * by fund, what arrived by the year's end and what is outstanding, with totals; printable
 * (the console's chrome is hidden by the print stylesheet).
 */
import { api } from '../api';
import { clear, field, h } from '../dom';
import { formatDate, formatVnd } from '../format';
import { L, pick } from '../i18n';
import { PLEDGE_STATUS } from '../status';
import type { ConsoleContext } from './context';
import { emptyState, errorBox, loading, scrollTableOf, statusBadge } from './view';

interface Figures {
  pledged: number;
  received: number;
  outstanding: number;
}
interface Statement {
  orgId: string;
  orgName: string;
  year: number;
  funds: (Figures & { fundId: string; fundName: { vi: string; en: string }; pledges: (Figures & { ref: string; date: string; amount: number; status: string })[] })[];
  totals: Figures;
}

const money = (amount: number) => h('td', { class: 'num' }, formatVnd(amount));

function statementView(statement: Statement): HTMLElement {
  const headings = [L('Mã', 'Code'), L('Ngày', 'Date'), L('Số tiền', 'Amount'), L('Trạng thái', 'Status'), L('Cam kết trong năm', 'Pledged in the year'), L('Nhận trong năm', 'Received in the year'), L('Còn lại cuối năm', 'Outstanding at year end')];
  return h(
    'section',
    { class: 'card org-statement', 'data-testid': 'org-statement', 'aria-labelledby': 'h-org-statement' },
    h('h2', { id: 'h-org-statement', class: 'card-title' }, L(`Bảng kê năm ${statement.year}: ${statement.orgName}`, `Statement for ${statement.year}: ${statement.orgName}`)),
    statement.funds.length
      ? statement.funds.map((fund) =>
          h(
            'div',
            { 'data-fund': fund.fundId },
            h('h3', null, pick(fund.fundName)),
            scrollTableOf(pick(fund.fundName), headings, [
              ...fund.pledges.map((p) =>
                h('tr', { 'data-ref': p.ref }, h('td', { class: 'mono' }, p.ref), h('td', null, formatDate(p.date)), money(p.amount), h('td', null, statusBadge(p.status, PLEDGE_STATUS)), money(p.pledged), money(p.received), money(p.outstanding)),
              ),
              h('tr', { class: 'total-row' }, h('th', { scope: 'row', colspan: 4 }, L('Cộng quỹ', 'Fund total')), money(fund.pledged), money(fund.received), money(fund.outstanding)),
            ]),
          ),
        )
      : emptyState(L('Năm này tổ chức không có cam kết, khoản nhận hay khoản còn nợ nào.', 'The organisation made no pledge this year, received nothing and owed nothing at its end.')),
    h(
      'dl',
      { class: 'totals', 'data-testid': 'org-statement-totals' },
      h('dt', null, L('Tổng cam kết', 'Total pledged')),
      h('dd', null, formatVnd(statement.totals.pledged)),
      h('dt', null, L('Tổng đã nhận', 'Total received')),
      h('dd', null, formatVnd(statement.totals.received)),
      h('dt', null, L('Tổng còn lại', 'Total outstanding')),
      h('dd', null, formatVnd(statement.totals.outstanding)),
    ),
  );
}

export function orgStatementTab(ctx: ConsoleContext): HTMLElement {
  const orgInput = h('input', { name: 'org', class: 'input input-code', autocomplete: 'off', spellcheck: 'false', value: ctx.params.get('org') ?? '' });
  const yearInput = h('input', { name: 'year', class: 'input', inputmode: 'numeric', value: ctx.params.get('year') ?? String(new Date().getFullYear() - 1) });
  const orgField = field(L('Mã tổ chức', 'Organisation id'), orgInput);
  const yearField = field(L('Năm', 'Year'), yearInput);
  const output = h('div', { 'aria-live': 'polite' });
  const printButton = h('button', { type: 'button', class: 'btn no-print', hidden: true, onclick: () => window.print() }, 'In / Print');
  // The organisations in the caller's reach, by name: choosing one fills in its id.
  const chooser = h('select', { name: 'orgChoice', class: 'input' }, h('option', { value: '' }, L('— Chọn tổ chức —', '— Choose an organisation —')));
  chooser.addEventListener('change', () => {
    if (chooser.value) orgInput.value = chooser.value;
  });
  void api<{ items: { id: string; name: string }[] }>('/v1/organisations', { auth: true })
    .then(({ items }) => chooser.append(...items.map((o) => h('option', { value: o.id, selected: o.id === orgInput.value }, o.name))))
    .catch(() => undefined);
  const chooserField = field(L('Tổ chức', 'Organisation'), chooser, { hint: L('Hoặc nhập mã tổ chức bên dưới.', 'Or type its id below.') });
  const form = h('form', { class: 'form card form-narrow no-print', novalidate: true }, chooserField.wrap, orgField.wrap, yearField.wrap, h('button', { type: 'submit', class: 'btn btn-primary' }, L('Xem bảng kê', 'Show the statement')));
  const show = async () => {
    const orgId = orgInput.value.trim().toUpperCase();
    const year = yearInput.value.trim();
    orgField.setError(/^[0-9A-Z]{26}$/.test(orgId) ? null : L('Mã tổ chức gồm 26 ký tự.', 'An organisation id has 26 characters.'));
    yearField.setError(/^\d{4}$/.test(year) ? null : L('Nhập năm, ví dụ 2025.', 'Enter a year such as 2025.'));
    if (!/^[0-9A-Z]{26}$/.test(orgId) || !/^\d{4}$/.test(year)) return;
    history.replaceState(null, '', `/console/org-statement?org=${orgId}&year=${year}`);
    clear(output, loading());
    printButton.hidden = true;
    try {
      clear(output, statementView(await api<Statement>(`/v1/organisations/${orgId}/statement?year=${year}`, { auth: true })));
      printButton.hidden = false;
    } catch (error) {
      clear(output, errorBox(error));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  // Opened with an organisation in the address (a link, a bookmark): shown at once.
  if (ctx.params.get('org')) void show();
  return h('div', null, h('h2', { class: 'section-title no-print' }, L('Bảng kê năm của tổ chức', 'Organisation statement for a year')), form, h('p', null, printButton), output);
}
