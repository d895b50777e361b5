/** "Verify": checks a report's signature, its chain and a donation's inclusion proof, in the browser. */
import { api, apiOptional } from '../api';
import { clear, field, h } from '../dom';
import { formatDate } from '../format';
import { parseRef } from '../../../shared/domain/refs';
import { L, pick, proseDate } from '../i18n';
import type { Page } from '../page';
import type { Fund, ReportListItem } from '../types';
import { emptyState, errorBox, loading, setTitle } from '../ui';
import type { Check, Inclusion, VerifiedLeaf, VerifyResult } from '../verify/verifier';
import { certificatePath } from '../certificate-facts';
import { PINNED_KEY_IDS } from '../verify/pinned-keys';

function checkList(checks: Check[]): HTMLElement {
  return h(
    'ul',
    { class: 'checks' },
    checks.map((c) =>
      h(
        'li',
        { class: `check check-${c.ok === null ? 'info' : c.ok ? 'ok' : 'bad'}`, 'data-check': c.id },
        h('span', { class: 'check-icon', 'aria-hidden': 'true' }, c.ok === null ? 'ℹ' : c.ok ? '✓' : '✗'),
        h('span', { class: 'check-text' }, h('span', { class: 'sr-only' }, c.ok === null ? L('Thông tin: ', 'Note: ') : c.ok ? L('Đạt: ', 'Passed: ') : L('Không đạt: ', 'Failed: ')), L(c.vi, c.en)),
      ),
    ),
  );
}

/** Whether the report itself is authentic: signature, key, chain, files. */
function reportVerdict(result: VerifyResult): HTMLElement {
  return h(
    'section',
    { class: `card verify-result ${result.ok ? 'verify-ok' : 'verify-bad'}`, 'aria-labelledby': 'h-verdict', 'data-ok': String(result.ok), 'data-failed-file': result.failedFile },
    h('h2', { id: 'h-verdict', class: 'card-title' }, result.ok ? L('✓ Báo cáo xác thực', '✓ The report is authentic') : L('✗ Báo cáo không đạt kiểm chứng', '✗ The report failed verification')),
    h('p', { class: 'verdict', 'data-testid': 'verdict' }, L(result.summary.vi, result.summary.en)),
    checkList(result.checks),
    result.manifest ? h('p', { class: 'muted small mono wrap', 'data-testid': 'root-hash' }, `${L('Gốc cây Merkle', 'Merkle root')}: ${result.manifest.rootHash}`) : null,
    h('p', { class: 'muted small' }, L('Mọi phép kiểm tra chạy ngay trên trình duyệt của bạn (WebCrypto, SHA-256, cây Merkle RFC 9162), giống hệt lệnh verify-report: mọi con số được tính lại từ các giao dịch đã ký, không cần tin máy chủ.', 'Every check ran in your browser (WebCrypto, SHA-256, RFC 9162 Merkle tree), the same as verify-report runs them: every figure is re-derived from the signed entries, and you need not trust the server.')),
  );
}

const INCLUSION_TONE: Record<Inclusion['state'], string> = { included: 'ok', pending: 'info', 'other-fund': 'warn', unknown: 'warn', missing: 'bad', mismatch: 'bad' };

/** Where one gift stands against the report: a separate answer, so a gift made after the cut-off never condemns the report. */
function inclusionVerdict(inclusion: Inclusion, fundId: string): HTMLElement {
  const tone = INCLUSION_TONE[inclusion.state];
  const title =
    inclusion.state === 'included'
      ? L(`✓ ${inclusion.ref} có trong báo cáo`, `✓ ${inclusion.ref} is in the report`)
      : inclusion.state === 'pending'
        ? L(`${inclusion.ref}: chưa tới lượt báo cáo`, `${inclusion.ref}: not reported yet`)
        : inclusion.state === 'mismatch'
          ? L(`✗ Bằng chứng cho ${inclusion.ref} không khớp`, `✗ The proof for ${inclusion.ref} does not match`)
          : L(`${inclusion.ref} không có trong báo cáo này`, `${inclusion.ref} is not in this report`);
  const next =
    inclusion.state === 'pending' && inclusion.ready && inclusion.reportDate
      ? h('a', { href: `/verify?fund=${fundId}&date=${inclusion.reportDate}&ref=${inclusion.ref}` }, L(`Kiểm chứng trong báo cáo ${proseDate(inclusion.reportDate)}`, `Verify it in the report of ${proseDate(inclusion.reportDate)}`))
      : inclusion.state === 'other-fund' && inclusion.fundId
        ? h('a', { href: `/verify?fund=${inclusion.fundId}&ref=${inclusion.ref}` }, L('Kiểm chứng trong quỹ đó', 'Verify it in that fund'))
        : null;
  return h(
    'section',
    { class: `card inclusion-result inclusion-${tone}`, 'aria-labelledby': 'h-inclusion', 'data-inclusion': inclusion.state },
    h('h2', { id: 'h-inclusion', class: 'card-title' }, title),
    h('p', { 'data-testid': 'inclusion-message' }, L(inclusion.message.vi, inclusion.message.en)),
    inclusion.checks.length ? checkList(inclusion.checks) : null,
    next ? h('p', null, next) : null,
  );
}

/** One leaf, as a certificate's QR code names it: its inclusion proof, and a way back to the certificate. */
function leafVerdict(leaf: VerifiedLeaf): HTMLElement {
  return h(
    'section',
    { class: `card inclusion-result inclusion-${leaf.ok ? 'ok' : 'bad'}`, 'aria-labelledby': 'h-leaf', 'data-leaf': String(leaf.leafIndex), 'data-ok': String(leaf.ok) },
    h('h2', { id: 'h-leaf', class: 'card-title' }, leaf.ok ? L(`✓ Giao dịch #${leaf.leafIndex + 1} có trong báo cáo`, `✓ Entry #${leaf.leafIndex + 1} is in the report`) : L(`✗ Bằng chứng cho giao dịch #${leaf.leafIndex + 1} không khớp`, `✗ The proof for entry #${leaf.leafIndex + 1} does not match`)),
    checkList(leaf.checks),
    h('p', { class: 'muted small mono wrap' }, `${L('Mã băm của lá', 'Leaf hash')}: ${leaf.leafHash}`),
    leaf.ok ? h('p', null, h('a', { href: certificatePath(leaf.manifest.fundId, leaf.manifest.date, leaf.leafIndex) }, L('Xem giấy chứng nhận', 'See the certificate'))) : null,
  );
}

export const verifyPage: Page = async ({ root, params }) => {
  setTitle(L('Kiểm chứng báo cáo', 'Verify a report'));
  const funds = (await api<{ items: Fund[] }>('/v1/funds')).items;
  const fundSelect = h('select', { name: 'fund', class: 'input' }, funds.map((f) => h('option', { value: f.fundId, selected: f.fundId === params.get('fund') }, pick(f.name))));
  const dateSelect = h('select', { name: 'date', class: 'input' });
  const refInput = h('input', { name: 'ref', type: 'text', class: 'input input-code', autocomplete: 'off', spellcheck: 'false', placeholder: 'UHV1EWZE1', value: params.get('ref') ?? '' });
  const refField = field(L('Mã tham chiếu', 'Reference code'), refInput, { optional: L('không bắt buộc', 'optional'), hint: L('Để kiểm chứng một khoản ủng hộ cụ thể có trong báo cáo.', 'To prove that one donation is in the report.') });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Kiểm chứng', 'Verify'));
  const output = h('div', { 'aria-live': 'polite' });
  let archive: ReportListItem[] = [];
  const leafParam = params.get('leaf');
  const wantedLeaf = leafParam && /^\d{1,9}$/.test(leafParam) ? Number(leafParam) : null;

  const loadDates = async () => {
    clear(dateSelect);
    clear(output);
    archive = (await apiOptional<{ items: ReportListItem[] }>(`/v1/reports?fundId=${fundSelect.value}`).catch(() => null))?.items ?? [];
    if (!archive.length) {
      dateSelect.disabled = true;
      submit.disabled = true;
      dateSelect.append(h('option', { value: '' }, L('Chưa có báo cáo', 'No report yet')));
      output.append(emptyState(L('Quỹ này chưa có báo cáo hằng đêm nào.', 'This fund has no nightly report yet.')));
      return;
    }
    dateSelect.disabled = false;
    submit.disabled = false;
    const wanted = params.get('date');
    for (const r of archive) dateSelect.append(h('option', { value: r.date, selected: r.date === wanted }, `${formatDate(r.date)} — ${r.treeSize} ${L('giao dịch', 'entries')}`));
  };
  fundSelect.addEventListener('change', () => void loadDates());

  const form = h(
    'form',
    { class: 'form card', novalidate: true },
    field(L('Quỹ', 'Fund'), fundSelect).wrap,
    field(L('Báo cáo ngày', 'Report of'), dateSelect).wrap,
    refField.wrap,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    refField.setError(null);
    let ref: string | undefined;
    if (refInput.value.trim()) {
      const parsed = parseRef(refInput.value);
      if (!parsed) {
        refField.setError(L('Mã không hợp lệ.', 'Not a valid code.'));
        refInput.focus();
        return;
      }
      ref = parsed;
      refInput.value = parsed;
    }
    submit.disabled = true;
    clear(output, loading());
    try {
      const { verifyLeaf, verifyReport } = await import('../verify/verifier');
      const result = await verifyReport({ fundId: fundSelect.value, date: dateSelect.value, ref, archive });
      // A certificate's QR code names its leaf: prove that one entry too.
      const leaf = !ref && wantedLeaf !== null && dateSelect.value === params.get('date') ? await verifyLeaf(fundSelect.value, dateSelect.value, wantedLeaf) : null;
      clear(output, reportVerdict(result), result.inclusion ? inclusionVerdict(result.inclusion, fundSelect.value) : null, leaf ? leafVerdict(leaf) : null);
    } catch (error) {
      clear(output, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });

  clear(
    root,
    h('h1', null, L('Kiểm chứng báo cáo', 'Verify a report')),
    h('p', { class: 'lead' }, L('Kiểm tra chữ ký số của báo cáo hằng đêm và chứng minh một khoản ủng hộ có trong đó.', 'Check the signature of a nightly report and prove that a donation is in it.')),
    h(
      'p',
      { class: 'pinned-keys mono wrap', 'data-testid': 'pinned-keys' },
      PINNED_KEY_IDS.length
        ? L(`Khóa ký được ghim (dấu vân tay SHA-256): ${PINNED_KEY_IDS.join(', ')}`, `Pinned signing key (SHA-256 fingerprint): ${PINNED_KEY_IDS.join(', ')}`)
        : L('Bản cổng này không ghim khóa ký nào.', 'This portal build pins no signing key.'),
    ),
    form,
    output,
  );
  try {
    await loadDates();
  } catch (error) {
    clear(output, errorBox(error));
  }
  if (archive.length && (params.get('ref') || params.get('date') || wantedLeaf !== null)) form.requestSubmit();
};
