/**
 * The statements tab: a clerk uploads the fund account's statement (the file itself as the
 * request body, up to 4 MB); the console then drives the import and shows its progress, the
 * summary and every line with its match status (statement-panel.ts). What the matcher left for a
 * person waits in the review queue (unmatched.ts).
 */
import { api, ApiError } from '../api';
import { clear, field, h } from '../dom';
import { L } from '../i18n';
import type { StatementView } from '../types';
import type { ConsoleContext } from './context';
import { ActionKeys, fundSelect, latestOnly, roleNote } from './shared';
import { statementList } from './statement-list';
import { statementPanel } from './statement-panel';
import { sendFile } from './statement-upload';
import { errorBox, loading, successBox } from './view';

export async function statementsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const canUpload = ctx.has('finance-clerk');
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const panel = statementPanel(ctx);
  const list = h('div', null, loading());
  const file = h('input', { type: 'file', name: 'statement', class: 'input', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const fileField = field(L('Tệp sao kê (CSV hoặc Excel)', 'Statement file (CSV or Excel)'), file, {
    hint: L('Sao kê tài khoản của quỹ do ngân hàng xuất (VCB, VietinBank…), tối đa 4 MB.', "The fund account's statement as the bank exports it (VCB, VietinBank…), up to 4 MB."),
  });
  // A fund with accounts at several banks: which account this statement is of (its lines' identity).
  const account = h('select', { name: 'accountNumber', class: 'input' });
  const accountField = field(L('Tài khoản của sao kê', 'The statement’s account'), account);
  const syncAccounts = () => {
    const accounts = ctx.funds.find((f) => f.fundId === fund.value)?.bankAccounts ?? [];
    clear(account, accounts.map((a) => h('option', { value: a.accountNumber }, `${a.bankName} · ${a.accountNumber}`)));
    accountField.wrap.hidden = accounts.length < 2;
  };
  syncAccounts();
  const uploadProgress = h('progress', { max: '1', value: '0', hidden: true, 'aria-label': L('Tiến độ tải lên', 'Upload progress') });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: !canUpload }, L('Tải lên và nhập', 'Upload and import'));

  const loads = latestOnly();
  const loadList = async () => {
    const current = loads.begin();
    const fundId = fund.value;
    try {
      const page = await api<{ items: StatementView[] }>(`/v1/statements?${new URLSearchParams({ fundId, limit: '20' })}`, { auth: true });
      if (current()) clear(list, statementList(fundId, page.items));
    } catch (error) {
      if (current()) clear(list, errorBox(error));
    }
  };
  const open = async (id: string) => {
    try {
      const statement = await api<StatementView>(`/v1/statements/${id}`, { auth: true });
      const final = await panel.show(statement);
      if (final !== statement) void loadList();
    } catch (error) {
      clear(result, errorBox(error));
    }
  };

  const form = h(
    'form',
    { class: 'form card', novalidate: true, 'aria-labelledby': 'h-upload' },
    h('h2', { id: 'h-upload', class: 'card-title' }, L('Nhập sao kê ngân hàng', 'Import a bank statement')),
    canUpload ? null : roleNote(L('Chỉ kế toán được nhập sao kê; bạn có thể xem các sao kê đã nhập.', 'Only a finance clerk imports statements; you can look at the imported ones.')),
    field(L('Quỹ', 'Fund'), fund).wrap,
    accountField.wrap,
    fileField.wrap,
    uploadProgress,
    submit,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!canUpload) return;
    clear(result);
    fileField.setError(null);
    const chosen = file.files?.[0];
    if (!chosen) {
      fileField.setError(L('Chọn một tệp sao kê.', 'Choose a statement file.'));
      file.focus();
      return;
    }
    if (chosen.size > 4 * 1024 * 1024) {
      fileField.setError(L('Tệp lớn hơn 4 MB: hãy chia theo kỳ ngắn hơn.', 'The file is over 4 MB: export a shorter period.'));
      file.focus();
      return;
    }
    // One key per file chosen, kept until it is accepted: a retry after a dropped connection stores it once.
    const accountNumber = accountField.wrap.hidden ? undefined : account.value || undefined;
    const action = `${fund.value}:${accountNumber ?? ''}:${chosen.name}:${chosen.size}:${chosen.lastModified}`;
    submit.disabled = true;
    uploadProgress.hidden = false;
    uploadProgress.value = 0;
    try {
      const statement = await sendFile(ctx.session.token, fund.value, chosen, keys.get(action), (f) => (uploadProgress.value = f), accountNumber);
      keys.done(action);
      uploadProgress.hidden = true;
      clear(result, successBox(L('Đã nhận tệp ', 'Received '), h('strong', null, chosen.name), L('; đang nhập từng dòng.', '; importing its lines.')));
      history.replaceState(null, '', `/console/statements?fund=${fund.value}&id=${statement.id}`);
      void loadList();
      const final = await panel.show(statement);
      clear(
        result,
        final.status === 'COMPLETED'
          ? successBox(L(`Đã tính ${final.summary.counted.count} dòng, khớp ${final.summary.matched}.`, `${final.summary.counted.count} line(s) counted, ${final.summary.matched} matched.`))
          : null,
      );
      file.value = '';
      void loadList();
    } catch (error) {
      uploadProgress.hidden = true;
      if (error instanceof ApiError && error.status === 400 && error.problem.errors?.some((e) => e.path.startsWith('row'))) {
        fileField.setError(L('Tệp có lỗi, không dòng nào được ghi:', 'The file has errors; nothing was written:'));
      }
      clear(result, errorBox(error));
    } finally {
      submit.disabled = !canUpload;
    }
  });
  fund.addEventListener('change', () => {
    syncAccounts();
    panel.hide();
    history.replaceState(null, '', `/console/statements?fund=${fund.value}`);
    void loadList();
  });
  void loadList();
  const id = ctx.params.get('id');
  if (id) void open(id);

  return h(
    'div',
    null,
    h(
      'div',
      { class: 'console-grid' },
      form,
      h('section', { class: 'card', 'aria-labelledby': 'h-statements' }, h('h2', { id: 'h-statements', class: 'card-title' }, L('Các sao kê đã nhập', 'Imported statements')), list),
    ),
    panel.element,
  );
}
