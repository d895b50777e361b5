/**
 * Bank statements. A clerk uploads the fund account's statement (the file itself as the request
 * body, up to 4 MB); the console then drives the import (`POST /v1/statements/{id}/process`,
 * again while it answers 202) and shows its progress, the summary and every line with its match
 * status. What the matcher left for a person waits in the review queue (`/console/unmatched`),
 * where a clerk matches a line to a pledge or a disbursement, or sets it aside with a reason.
 */
import { api, apiUrl, ApiError, type ProblemDetails } from '../api';
import { clear, field, h, uid, type Child } from '../dom';
import { formatDate, formatDateTime, formatVnd } from '../format';
import { parseRef } from '../../../shared/domain/refs';
import { L, pick } from '../i18n';
import type { StatementLine, StatementView } from '../types';
import { statusLabel } from '../status';
import { labelOf } from '../../../shared/domain/labels';
import { AMOUNT_CHECK_LABELS, LINE_FLAG_LABELS, LINE_STATUS_LABELS } from '../../../shared/domain/statements/labels';
import type { ConsoleContext } from './context';
import { ActionKeys, actorName, fundSelect, roleNote } from './shared';
import { definitionList, emptyState, errorBox, loading, scrollTableOf, statusBadge, successBox } from './view';


function signedAmount(direction: string, amount: number): string {
  return `${direction === 'DEBIT' ? '−' : '+'}${formatVnd(amount)}`;
}

/** What a line did, or why it waits: the code it paid, or the matcher's reasons and suggestions. */
function lineOutcome(line: Pick<StatementLine, 'status' | 'reasons' | 'pledgeRef' | 'disbursementRef' | 'amountCheck' | 'ignoreReason' | 'decidedBy'> & { suggestions?: string[] }): Child {
  const ref = line.pledgeRef ?? line.disbursementRef;
  if (line.status === 'MATCHED' && ref) {
    return [
      h('a', { href: `/console/audit?ref=${ref}`, class: 'code', 'data-testid': 'matched-ref' }, ref),
      line.amountCheck && line.amountCheck !== 'EXACT' ? ` (${pick(AMOUNT_CHECK_LABELS[line.amountCheck])})` : '',
      line.decidedBy?.startsWith('staff:') ? h('span', { class: 'muted small block' }, L('khớp tay: ', 'matched by '), actorName(line.decidedBy)) : null,
    ];
  }
  if (line.status === 'IGNORED') return [L('Lý do: ', 'Reason: '), line.ignoreReason ?? '—'];
  const reasons = line.reasons.length ? line.reasons.map((r) => pick(labelOf(LINE_FLAG_LABELS, r))).join('; ') : L('nội dung không có mã UH/GN', 'no UH/GN code in the memo');
  const suggestions = line.suggestions ?? [];
  return [reasons, suggestions.length ? h('span', { class: 'block small' }, L('Có thể là: ', 'Perhaps: '), h('span', { class: 'code' }, suggestions.join(', '))) : null];
}

/** `POST /v1/statements?fundId=&fileName=` with the file as the body; XMLHttpRequest, since fetch cannot report upload progress. */
function sendFile(token: string, fundId: string, file: File, idempotencyKey: string, onProgress: (fraction: number) => void): Promise<StatementView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(`/v1/statements?${new URLSearchParams({ fundId, fileName: file.name })}`));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('idempotency-key', idempotencyKey);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText || '{}');
      } catch {
        body = { title: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as StatementView);
      else {
        const retry = Number(xhr.getResponseHeader('retry-after'));
        reject(new ApiError(xhr.status, body as ProblemDetails, Number.isFinite(retry) && retry > 0 ? retry : undefined));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { title: 'Network error' }));
    xhr.send(file);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isOpen = (s: StatementView) => s.status === 'QUEUED' || s.status === 'IMPORTING';

/**
 * Runs an import to its end: a clerk's console processes it (each call continues from the last
 * checkpoint, and repeating one is safe); anyone else watches it. Stops early when the panel is
 * replaced, so an abandoned screen does not keep calling.
 */
async function followImport(ctx: ConsoleContext, start: StatementView, onUpdate: (s: StatementView) => void, alive: () => boolean): Promise<StatementView> {
  let view = start;
  const canProcess = ctx.has('finance-clerk');
  while (isOpen(view) && alive()) {
    if (canProcess) {
      try {
        view = await api<StatementView>(`/v1/statements/${view.id}/process`, { method: 'POST', auth: true });
      } catch (error) {
        // A file that failed validation answers 400 with its errors; the statement says FAILED.
        if (error instanceof ApiError && error.status === 400) view = await api<StatementView>(`/v1/statements/${view.id}`, { auth: true });
        else throw error;
      }
    } else {
      await sleep(1500);
      view = await api<StatementView>(`/v1/statements/${view.id}`, { auth: true });
    }
    if (alive()) onUpdate(view);
    // Another worker holds the import (the bucket's event, another tab): look again shortly.
    if (canProcess && isOpen(view) && view.processing) await sleep(1000);
  }
  return view;
}

function progressText(s: StatementView): string {
  const { linesProcessed, lineCount, percent, linesValidated } = s.progress;
  if (s.status === 'QUEUED' && lineCount === null) return L(`Đang kiểm tra tệp: ${linesValidated} dòng…`, `Checking the file: ${linesValidated} lines…`);
  if (lineCount === null) return statusLabel(s.status, 'statement');
  return L(`Đã xử lý ${linesProcessed}/${lineCount} dòng (${percent}%)`, `${linesProcessed} of ${lineCount} lines processed (${percent}%)`);
}

function summaryOf(s: StatementView): HTMLElement {
  const sum = s.summary;
  const row = (key: string, term: string, value: Child): [Child, Child] => [term, h('span', { 'data-summary': key }, value)];
  const count = (n: number, amount?: number) => (amount === undefined ? String(n) : `${n} · ${formatVnd(amount)}`);
  return definitionList([
    row('lines', L('Số dòng trong tệp', 'Lines in the file'), String(sum.lines ?? '—')),
    row('imported', L('Dòng nhập mới', 'Lines imported'), String(sum.imported)),
    row('duplicates', L('Đã có từ sao kê trước', 'Already imported before'), String(sum.duplicates)),
    row('matched', L('Khớp tự động', 'Matched'), count(sum.matched, sum.amounts.matched)),
    row('unmatched', L('Chưa khớp', 'Unmatched'), count(sum.unmatched, sum.amounts.unmatched)),
    row('flagged', L('Cần xem lại', 'To review'), count(sum.flagged, sum.amounts.flagged)),
    row('ignored', L('Đã bỏ qua', 'Set aside'), count(sum.ignored, sum.amounts.ignored)),
    row('credits', L('Tiền vào', 'Money in'), sum.credits ? count(sum.credits.count, sum.credits.amount) : '—'),
    row('debits', L('Tiền ra', 'Money out'), sum.debits ? count(sum.debits.count, sum.debits.amount) : '—'),
    row(
      'outside-ledger',
      L('Ngân hàng ghi nhưng sổ quỹ chưa có', 'In the bank, not in the ledger'),
      `${L('vào', 'in')} ${formatVnd(sum.outsideLedger.credited)}, ${L('ra', 'out')} ${formatVnd(sum.outsideLedger.debited)}`,
    ),
  ]);
}

/** The lines of one statement, by status, a page at a time. */
function linesSection(statement: StatementView): HTMLElement {
  const filter = h(
    'select',
    { name: 'lineStatus', class: 'input' },
    h('option', { value: '' }, L('Tất cả các dòng', 'All lines')),
    Object.keys(LINE_STATUS_LABELS).map((status) => h('option', { value: status }, statusLabel(status, 'line'))),
  );
  const table = h('div', null, loading());
  const more = h('button', { type: 'button', class: 'btn btn-ghost', hidden: true }, L('Xem thêm dòng', 'More lines'));
  const rows: HTMLTableRowElement[] = [];
  let cursor: string | undefined;
  let generation = 0;
  const draw = () =>
    clear(
      table,
      rows.length
        ? scrollTableOf(L('Các dòng của sao kê', 'Statement lines'), [L('Dòng', 'Line'), L('Ngày', 'Date'), L('Số tiền', 'Amount'), L('Nội dung', 'Memo'), L('Trạng thái', 'Status'), L('Khớp với / lý do', 'Matched to / why')], rows)
        : h('p', { class: 'muted', 'data-empty': '' }, filter.value ? L('Không có dòng nào ở trạng thái này.', 'No line has this status.') : L('Sao kê này không thêm dòng mới nào.', 'This statement added no new line.')),
    );
  const load = async (reset: boolean) => {
    const mine = reset ? ++generation : generation;
    if (reset) {
      rows.length = 0;
      cursor = undefined;
      clear(table, loading());
    }
    more.disabled = true;
    try {
      const query = new URLSearchParams({ limit: '100', ...(filter.value ? { status: filter.value } : {}), ...(cursor ? { cursor } : {}) });
      const page = await api<{ items: StatementLine[]; cursor?: string }>(`/v1/statements/${statement.id}/lines?${query}`, { auth: true });
      if (mine !== generation) return;
      rows.push(
        ...page.items.map((line) =>
          h(
            'tr',
            { 'data-line': String(line.lineNo), 'data-line-status': line.status },
            h('td', { class: 'num' }, String(line.lineNo)),
            h('td', null, formatDate(line.valueDate)),
            h('td', { class: 'num' }, signedAmount(line.direction, line.amount)),
            h('td', { class: 'small wrap' }, line.memo),
            h('td', null, statusBadge(line.status, 'line')),
            h('td', { class: 'small' }, lineOutcome(line)),
          ),
        ),
      );
      cursor = page.cursor;
      draw();
      more.hidden = !cursor;
    } catch (error) {
      if (mine === generation) clear(table, errorBox(error));
    } finally {
      more.disabled = false;
    }
  };
  filter.addEventListener('change', () => void load(true));
  more.addEventListener('click', () => void load(false));
  void load(true);
  const toReview = statement.summary.unmatched + statement.summary.flagged;
  return h(
    'section',
    { 'aria-labelledby': 'h-lines' },
    h('h3', { id: 'h-lines', class: 'section-title' }, L('Các dòng của sao kê', 'Statement lines')),
    h(
      'div',
      { class: 'toolbar' },
      field(L('Trạng thái dòng', 'Line status'), filter).wrap,
      toReview
        ? h('a', { href: `/console/unmatched?fund=${statement.fundId}`, class: 'btn btn-ghost', 'data-testid': 'review-link' }, L(`Xử lý ${toReview} dòng chưa khớp`, `Review ${toReview} unmatched line(s)`))
        : null,
    ),
    table,
    more,
  );
}

/** One statement: its progress while it imports, then its summary and lines. */
function statementPanel(ctx: ConsoleContext) {
  const panel = h('section', { class: 'card', 'aria-labelledby': 'h-statement', hidden: true, 'data-testid': 'statement' });
  let generation = 0;
  const progress = h('progress', { max: '1', value: '0', 'aria-label': L('Tiến độ nhập sao kê', 'Import progress') });
  const progressNote = h('p', { class: 'progress-text', role: 'status' });

  const render = (s: StatementView, lines: boolean) => {
    panel.hidden = false;
    panel.setAttribute('data-statement-id', s.id);
    panel.setAttribute('data-status', s.status);
    const { lineCount, linesProcessed } = s.progress;
    progress.max = Math.max(lineCount ?? 1, 1);
    progress.value = lineCount === null ? 0 : Math.min(linesProcessed, lineCount);
    if (s.status === 'COMPLETED') progress.value = progress.max;
    progressNote.textContent = progressText(s);
    const period = s.period?.from ? `${formatDate(s.period.from)} – ${formatDate(s.period.to ?? s.period.from)}` : null;
    clear(
      panel,
      h('h2', { id: 'h-statement', class: 'card-title', tabindex: '-1' }, s.fileName, ' ', statusBadge(s.status, 'statement', { 'data-testid': 'statement-status' })),
      h(
        'p',
        { class: 'muted small' },
        L('Tải lên bởi ', 'Uploaded by '),
        h('strong', null, actorName(s.uploadedBy)),
        ` · ${formatDateTime(s.uploadedAt)}`,
        period ? ` · ${L('kỳ', 'period')} ${period}` : '',
        s.format ? ` · ${s.format.toUpperCase()}` : '',
      ),
      s.status === 'FAILED' ? null : h('div', { class: 'import-progress' }, progress, progressNote),
      s.status === 'FAILED'
        ? h(
            'div',
            { class: 'alert alert-error', role: 'alert' },
            h('p', null, L('Tệp không đọc được; không dòng nào được ghi. Sửa tệp rồi tải lên lại.', 'The file could not be read; no line was written. Fix it and upload it again.')),
            h('ul', null, (s.errors ?? []).map((e) => h('li', null, `${e.path}: ${e.message}`))),
          )
        : null,
      s.status === 'COMPLETED' || s.status === 'IMPORTING' ? summaryOf(s) : null,
      s.status === 'COMPLETED' && s.summary.duplicates > 0
        ? h('p', { class: 'alert alert-info' }, L(`${s.summary.duplicates} dòng đã được nhập từ sao kê trước nên không tính lại.`, `${s.summary.duplicates} line(s) were imported from an earlier statement and are not counted again.`))
        : null,
      lines ? linesSection(s) : null,
    );
  };

  return {
    element: panel,
    hide() {
      generation++;
      panel.hidden = true;
    },
    /** Shows a statement and, while it is importing, follows it to the end; resolves with the final state. */
    async show(initial: StatementView): Promise<StatementView> {
      const mine = ++generation;
      const alive = () => mine === generation;
      render(initial, !isOpen(initial));
      if (!isOpen(initial)) return initial;
      try {
        const final = await followImport(ctx, initial, (s) => render(s, false), alive);
        if (alive()) {
          render(final, true);
          (panel.querySelector('#h-statement') as HTMLElement | null)?.focus();
        }
        return final;
      } catch (error) {
        if (alive()) panel.append(errorBox(error));
        throw error;
      }
    },
  };
}

function statementList(ctx: ConsoleContext, fundId: string, items: StatementView[]): HTMLElement {
  if (!items.length) return emptyState(L('Quỹ này chưa có sao kê nào.', 'No statement has been imported for this fund.'));
  return scrollTableOf(
    L('Các sao kê đã tải lên', 'Uploaded statements'),
    [L('Tệp', 'File'), L('Tải lên', 'Uploaded'), L('Trạng thái', 'Status'), L('Dòng', 'Lines'), L('Khớp', 'Matched'), L('Chờ xử lý', 'To review')],
    items.map((s) =>
      h(
        'tr',
        { 'data-statement-id': s.id },
        h('td', null, h('a', { href: `/console/statements?fund=${fundId}&id=${s.id}` }, s.fileName)),
        h('td', { class: 'small' }, formatDateTime(s.uploadedAt), h('span', { class: 'block muted' }, actorName(s.uploadedBy))),
        h('td', null, statusBadge(s.status, 'statement')),
        h('td', { class: 'num' }, String(s.summary.lines ?? '—')),
        h('td', { class: 'num' }, String(s.summary.matched)),
        h('td', { class: 'num' }, String(s.summary.unmatched + s.summary.flagged)),
      ),
    ),
  );
}

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
  const uploadProgress = h('progress', { max: '1', value: '0', hidden: true, 'aria-label': L('Tiến độ tải lên', 'Upload progress') });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: !canUpload }, L('Tải lên và nhập', 'Upload and import'));

  const loadList = async () => {
    try {
      const page = await api<{ items: StatementView[] }>(`/v1/statements?${new URLSearchParams({ fundId: fund.value, limit: '20' })}`, { auth: true });
      clear(list, statementList(ctx, fund.value, page.items));
    } catch (error) {
      clear(list, errorBox(error));
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
    const action = `${fund.value}:${chosen.name}:${chosen.size}:${chosen.lastModified}`;
    submit.disabled = true;
    uploadProgress.hidden = false;
    uploadProgress.value = 0;
    try {
      const statement = await sendFile(ctx.session.token, fund.value, chosen, keys.get(action), (f) => (uploadProgress.value = f));
      keys.done(action);
      uploadProgress.hidden = true;
      clear(result, successBox(L('Đã nhận tệp ', 'Received '), h('strong', null, chosen.name), L('; đang nhập từng dòng.', '; importing its lines.')));
      history.replaceState(null, '', `/console/statements?fund=${fund.value}&id=${statement.id}`);
      void loadList();
      const final = await panel.show(statement);
      clear(
        result,
        final.status === 'COMPLETED'
          ? successBox(L(`Đã nhập ${final.summary.imported} dòng, khớp ${final.summary.matched}.`, `${final.summary.imported} line(s) imported, ${final.summary.matched} matched.`))
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

interface Reconciliation {
  statementBalance: { amount: number; basis: 'closingBalance' | 'importedCreditsMinusDebits'; asOf?: string };
  ledgerBalance: { amount: number };
  difference: number;
  lines: {
    outsideLedger: { credited: number; debited: number };
    toReview: (Pick<StatementLine, 'statementId' | 'lineId' | 'lineNo' | 'valueDate' | 'direction' | 'amount' | 'status' | 'reasons' | 'memo'> & { suggestions: string[] })[];
    toReviewTruncated: boolean;
  };
}

type ReviewLine = Reconciliation['lines']['toReview'][number];

function reviewCard(ctx: ConsoleContext, fundId: string, line: ReviewLine, keys: ActionKeys, onDone: (message: string) => void): HTMLElement {
  const titleId = uid('line');
  const status = h('div', { 'aria-live': 'polite' });
  const actions: HTMLElement[] = [];
  if (ctx.has('finance-clerk')) {
    const isCredit = line.direction === 'CREDIT';
    const code = h('input', {
      type: 'text',
      class: 'input input-small input-code',
      name: 'code',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: isCredit ? 'UH…' : 'GN…',
      value: line.suggestions.length === 1 ? line.suggestions[0] : undefined,
      'aria-label': isCredit ? L(`Mã cam kết cho dòng ${line.lineNo}`, `Pledge code for line ${line.lineNo}`) : L(`Mã giải ngân cho dòng ${line.lineNo}`, `Disbursement code for line ${line.lineNo}`),
    });
    const match = h('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-action': 'match' }, L('Khớp', 'Match'));
    const reason = h('input', { type: 'text', class: 'input input-small', name: 'reason', autocomplete: 'off', placeholder: L('vd: phí ngân hàng', 'e.g. bank fee'), 'aria-label': L(`Lý do bỏ qua dòng ${line.lineNo}`, `Reason to set line ${line.lineNo} aside`) });
    const ignore = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-action': 'ignore' }, L('Bỏ qua', 'Set aside'));
    const act = async (action: 'match' | 'ignore', body: Record<string, string>, button: HTMLButtonElement, done: string) => {
      button.disabled = true;
      clear(status);
      const key = `${line.lineId}:${action}:${JSON.stringify(body)}`;
      try {
        await api(`/v1/statements/${line.statementId}/lines/${line.lineId}/${action}`, { method: 'POST', body, auth: true, idempotencyKey: keys.get(key) });
        keys.done(key);
        onDone(done);
      } catch (error) {
        clear(status, errorBox(error));
        button.disabled = false;
      }
    };
    match.addEventListener('click', () => {
      const ref = parseRef(code.value, [isCredit ? 'UH' : 'GN']);
      if (!ref) {
        clear(status, errorBox(new Error(isCredit ? L('Nhập một mã cam kết UH… hợp lệ.', 'Enter a valid UH… pledge code.') : L('Nhập một mã giải ngân GN… hợp lệ.', 'Enter a valid GN… disbursement code.'))));
        code.focus();
        return;
      }
      void act('match', isCredit ? { pledgeRef: ref } : { disbursementRef: ref }, match, L(`Đã khớp dòng ${line.lineNo} với ${ref}.`, `Line ${line.lineNo} matched to ${ref}.`));
    });
    ignore.addEventListener('click', () => {
      if (reason.value.trim().length < 3) {
        clear(status, errorBox(new Error(L('Nhập lý do bỏ qua (ít nhất 3 ký tự).', 'Give a reason (3+ characters).'))));
        reason.focus();
        return;
      }
      void act('ignore', { reason: reason.value.trim() }, ignore, L(`Đã bỏ qua dòng ${line.lineNo}.`, `Line ${line.lineNo} set aside.`));
    });
    actions.push(h('div', { class: 'action action-inline' }, code, match), h('div', { class: 'action action-inline' }, reason, ignore));
  }
  return h(
    'li',
    { class: 'card review-line', 'data-line-id': line.lineId, 'data-line-status': line.status, 'aria-labelledby': titleId },
    h('h3', { id: titleId, class: 'card-title' }, signedAmount(line.direction, line.amount), ' ', statusBadge(line.status, 'line')),
    h('p', { class: 'small muted' }, `${formatDate(line.valueDate)} · ${L('dòng', 'line')} ${line.lineNo} · `, h('a', { href: `/console/statements?fund=${fundId}&id=${line.statementId}` }, L('xem sao kê', 'open the statement'))),
    h('p', { class: 'wrap' }, line.memo),
    h('p', { class: 'small' }, lineOutcome(line)),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
    status,
  );
}

/** The review queue of a fund: what the matcher could not decide, and how the bank and the ledger compare. */
export async function unmatchedTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const output = h('div', null, loading());
  const notice = h('div', { 'aria-live': 'polite' });
  const load = async (message?: string) => {
    clear(notice, message ? successBox(message) : null);
    try {
      const rec = await api<Reconciliation>(`/v1/reconciliation/${fund.value}`, { auth: true });
      const lines = rec.lines.toReview;
      clear(
        output,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'h-rec' },
          h('h2', { id: 'h-rec', class: 'card-title' }, L('Đối chiếu số dư', 'Balances compared')),
          definitionList([
            [rec.statementBalance.basis === 'closingBalance' ? L('Số dư cuối kỳ theo sao kê', 'Closing balance on the statement') : L('Tiền vào − tiền ra theo sao kê', 'Money in − out on the statements'), h('span', { 'data-reconciliation': 'statement' }, formatVnd(rec.statementBalance.amount))],
            [L('Số dư theo sổ quỹ (đã nhận − đã chi)', 'Ledger balance (received − paid out)'), h('span', { 'data-reconciliation': 'ledger' }, formatVnd(rec.ledgerBalance.amount))],
            [L('Chênh lệch', 'Difference'), h('span', { 'data-reconciliation': 'difference' }, formatVnd(rec.difference))],
            [L('Ngân hàng ghi nhưng sổ quỹ chưa có', 'In the bank, not in the ledger'), `${L('vào', 'in')} ${formatVnd(rec.lines.outsideLedger.credited)}, ${L('ra', 'out')} ${formatVnd(rec.lines.outsideLedger.debited)}`],
          ]),
        ),
        h(
          'section',
          { 'aria-labelledby': 'h-review' },
          h('h2', { id: 'h-review', class: 'section-title' }, L(`Dòng sao kê cần xử lý (${lines.length}${rec.lines.toReviewTruncated ? '+' : ''})`, `Statement lines to review (${lines.length}${rec.lines.toReviewTruncated ? '+' : ''})`)),
          ctx.has('finance-clerk') ? null : roleNote(L('Chỉ kế toán được khớp hoặc bỏ qua dòng sao kê.', 'Only a finance clerk matches or sets aside statement lines.')),
          lines.length
            ? h('ul', { class: 'plain-list review-list' }, lines.map((line) => reviewCard(ctx, fund.value, line, keys, (done) => void load(done))))
            : emptyState(L('Không còn dòng nào cần xử lý.', 'Nothing left to review.'), L('Mọi dòng sao kê đã khớp hoặc đã được bỏ qua có lý do.', 'Every statement line is matched or set aside with a reason.')),
        ),
      );
    } catch (error) {
      clear(output, errorBox(error));
    }
  };
  fund.addEventListener('change', () => {
    history.replaceState(null, '', `/console/unmatched?fund=${fund.value}`);
    void load();
  });
  void load();
  return h('div', null, h('div', { class: 'toolbar' }, field(L('Quỹ', 'Fund'), fund).wrap), notice, output);
}
