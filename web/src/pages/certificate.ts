/**
 * A gift's certificate: one leaf of a signed nightly report, proven in the browser before
 * anything is shown (the manifest's signature and the leaf's inclusion proof). Bilingual on the
 * page and on paper, Vietnamese first; "In / Print" gives a clean A5 page (styles.css @media print).
 */
import { api } from '../api';
import { certificateFacts, verifyLeafPath } from '../certificate-facts';
import { clear, h, svg } from '../dom';
import { formatDateProse } from '../../../shared/domain/format';
import { L, pick } from '../i18n';
import type { Page } from '../page';
import { QUIET_ZONE, qrImage } from '../qr-image';
import type { Fund } from '../types';
import { errorBox, loading, setTitle } from '../ui';

function both(vi: string, en: string, className = ''): HTMLElement {
  return h('span', { class: `bilingual ${className}`.trim() }, h('span', { lang: 'vi' }, vi), h('span', { lang: 'en', class: 'bilingual-en' }, en));
}

function qrCode(url: string): HTMLElement {
  const qr = qrImage(url);
  const image = svg(
    'svg',
    { class: 'qr certificate-qr', viewBox: qr.viewBox, 'shape-rendering': 'crispEdges', role: 'img', 'aria-label': L('Mã QR mở trang kiểm chứng', 'QR code that opens the verification page'), 'data-payload': url, 'data-testid': 'certificate-qr' },
    svg('rect', { x: -QUIET_ZONE, y: -QUIET_ZONE, width: qr.size + 2 * QUIET_ZONE, height: qr.size + 2 * QUIET_ZONE, fill: '#fff' }),
    svg('path', { d: qr.path, fill: '#000' }),
  );
  return h('figure', { class: 'certificate-qr-figure' }, image, h('figcaption', { class: 'small' }, both('Quét để tự kiểm chứng', 'Scan to verify it yourself')));
}

export const certificatePage: Page = async ({ root, match }) => {
  const fundId = decodeURIComponent(match[1]!);
  const date = match[2]!;
  const leafIndex = Number(match[3]);
  setTitle(L('Giấy chứng nhận ủng hộ', 'Certificate of donation'));
  clear(root, h('h1', { class: 'no-print' }, L('Giấy chứng nhận ủng hộ', 'Certificate of donation')), loading());
  try {
    const { verifyLeaf } = await import('../verify/proofs');
    const [proven, fund] = await Promise.all([verifyLeaf(fundId, date, leafIndex), api<Fund>(`/v1/funds/${encodeURIComponent(fundId)}`).catch(() => null)]);
    // A format-3 leaf commits to its donor's name; names.jsonl opens it (or says it was withdrawn).
    const { openedLeafName } = await import('../verify/names');
    const opened = proven.ok ? await openedLeafName(fundId, proven.manifest.date, proven.manifest, leafIndex, proven.line) : null;
    const facts = proven.ok ? certificateFacts(JSON.parse(proven.line), opened) : null;
    if (!proven.ok || !facts) {
      clear(
        root,
        h('h1', null, L('Giấy chứng nhận ủng hộ', 'Certificate of donation')),
        h(
          'div',
          { class: 'alert alert-error', role: 'alert', 'data-testid': 'certificate-refused' },
          proven.ok
            ? L('Giao dịch này không phải một khoản ủng hộ: không có giấy chứng nhận.', 'This entry is not a donation: it has no certificate.')
            : L('Giao dịch này không qua được kiểm chứng: không cấp giấy chứng nhận.', 'This entry failed verification: no certificate is shown.'),
        ),
      );
      return;
    }
    const verifyUrl = new URL(verifyLeafPath(fundId, proven.manifest.date, leafIndex), location.origin).href;
    const fundName = fund ? fund.name : { vi: fundId, en: fundId };
    const printButton = h('button', { type: 'button', class: 'btn btn-primary no-print', 'data-testid': 'print' }, 'In / Print');
    printButton.addEventListener('click', () => window.print());
    clear(
      root,
      h(
        'article',
        { class: 'certificate card', 'aria-labelledby': 'h-certificate', 'data-testid': 'certificate', 'data-verified': 'true' },
        h('h1', { id: 'h-certificate', class: 'certificate-title' }, both('Giấy chứng nhận ủng hộ', 'Certificate of donation')),
        h('p', { class: 'certificate-lead' }, facts.kind === 'received' ? both('Quỹ đã nhận khoản ủng hộ của', 'The fund has received the donation of') : both('Quỹ ghi nhận cam kết ủng hộ của', 'The fund has recorded the pledge of')),
        h('p', { class: 'certificate-donor', 'data-testid': 'certificate-donor' }, facts.donor),
        h('p', { class: 'certificate-amount', 'data-testid': 'certificate-amount' }, both(facts.figures.vi, facts.figures.en)),
        h('p', { class: 'certificate-words', 'data-testid': 'certificate-words' }, both(`Bằng chữ: ${facts.words.vi}`, `In words: ${facts.words.en}`)),
        h(
          'dl',
          { class: 'certificate-facts' },
          h('dt', null, both('Quỹ', 'Fund')),
          h('dd', { 'data-testid': 'certificate-fund' }, both(fundName.vi, fundName.en || fundName.vi)),
          h('dt', null, both('Ngày', 'Date')),
          h('dd', null, both(formatDateProse(facts.day, 'vi'), formatDateProse(facts.day, 'en'))),
          h('dt', null, both('Mã tham chiếu', 'Reference')),
          h('dd', { class: 'mono' }, facts.ref),
          h('dt', null, both('Báo cáo đã ký', 'Signed report')),
          h('dd', null, both(`${formatDateProse(proven.manifest.date, 'vi')}, giao dịch #${leafIndex + 1}`, `${formatDateProse(proven.manifest.date, 'en')}, entry #${leafIndex + 1}`)),
          h('dt', null, both('Mã băm của lá', 'Leaf hash')),
          h('dd', { class: 'mono wrap small', 'data-testid': 'certificate-leaf-hash' }, proven.leafHash),
        ),
        h(
          'p',
          { class: 'certificate-proof', 'data-testid': 'certificate-proof', 'data-ok': 'true' },
          both('✓ Đã kiểm chứng trên trình duyệt: chữ ký số của báo cáo và bằng chứng Merkle đều đạt.', '✓ Verified in this browser: the report’s signature and the Merkle proof both pass.'),
        ),
        qrCode(verifyUrl),
      ),
      h('p', { class: 'certificate-actions no-print' }, printButton, ' ', h('a', { href: verifyLeafPath(fundId, proven.manifest.date, leafIndex) }, L('Xem các bước kiểm chứng', 'See the verification steps')), ' · ', h('a', { href: `/funds/${encodeURIComponent(fundId)}` }, pick(fundName))),
    );
  } catch (error) {
    clear(root, h('h1', null, L('Giấy chứng nhận ủng hộ', 'Certificate of donation')), errorBox(error));
  }
};
