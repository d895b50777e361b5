/**
 * report.html: one self-contained page (no external assets, no network), Vietnamese first with an
 * English toggle. It shows the summary, not the entries: a page with a million rows helps nobody,
 * and the CSV and JSONL files are linked beside it. A Content-Security-Policy pins the one inline
 * script by hash, so a copy of the page cannot be made to load anything.
 */
import { formatInteger, formatVnd, vietnamTime } from '../domain/format';
import { BUCKET_LABELS, GOODS_BUCKET_LABELS, GOODS_UNIT_LABELS, labelOf, PLAN_BUCKET_LABELS, type BucketName } from '../domain/labels';
import { toBase64, utf8 } from './bytes';
import { portableHasher } from './sha256';
import type { FileDigest } from './manifest';
import type { ReportSummary } from './summary';
import type { Totals } from '../domain/journal';

export interface HtmlInput {
  summary: ReportSummary;
  rootHash: string;
  previousManifestSha256: string | null;
  previousDate: string | null;
  files: Record<string, FileDigest>;
}

function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function t(vi: string, en: string): string {
  return `<span lang="vi">${vi}</span><span lang="en">${en}</span>`;
}

const BUCKETS = Object.keys(BUCKET_LABELS) as BucketName[];

function bucketName(bucket: BucketName): string {
  return t(BUCKET_LABELS[bucket].vi, BUCKET_LABELS[bucket].en);
}

function totalsCells(totals: Totals): string {
  return BUCKETS.map((bucket) => `<td class="num">${formatInteger(totals[bucket])}</td>`).join('');
}

function totalsHead(first: string): string {
  return `<tr><th>${first}</th>${BUCKETS.map((bucket) => `<th class="num">${bucketName(bucket)}</th>`).join('')}</tr>`;
}

const SCRIPT = `document.getElementById('lang').addEventListener('click',function(){var h=document.documentElement;var n=h.getAttribute('data-lang')==='vi'?'en':'vi';h.setAttribute('data-lang',n);h.setAttribute('lang',n);});`;

const STYLE = `
html[data-lang=vi] [lang=en],html[data-lang=en] [lang=vi]{display:none}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:72rem;padding:1.5rem;color:#1a1a1a;line-height:1.5}
header{display:flex;justify-content:space-between;align-items:flex-start;gap:1rem;border-bottom:3px solid #c8102e;padding-bottom:.75rem}
h1{margin:0;font-size:1.6rem}h2{margin-top:2rem;font-size:1.2rem}
button{font:inherit;padding:.35rem .8rem;border:1px solid #555;border-radius:.3rem;background:#fff;cursor:pointer}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.95rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin-top:1rem}
.card{border:1px solid #ddd;border-radius:.4rem;padding:.6rem .8rem}.card b{display:block;font-size:1.25rem}
code{font-size:.85rem;word-break:break-all}.ok{color:#116611}.bad{color:#b00020;font-weight:bold}
`;

export function renderReportHtml(input: HtmlInput): string {
  const { summary } = input;
  const drift = summary.drift;
  const driftText =
    drift.ok === true
      ? `<p class="ok">${t('Số liệu tổng hợp khớp với sổ nhật ký (chênh lệch bằng 0).', 'Running totals match the journal (drift is zero).')}</p>`
      : drift.ok === false
        ? `<p class="bad">${t('Số liệu tổng hợp KHÔNG khớp với sổ nhật ký — xem summary.json.', 'Running totals do NOT match the journal — see summary.json.')}</p>`
        : `<p class="bad">${t('Không kiểm tra được chênh lệch', 'The drift check could not run')}: ${esc('error' in drift ? drift.error : '')}</p>`;
  const cards = BUCKETS.map((bucket) => `<div class="card">${bucketName(bucket)}<b>${formatVnd(summary.totals[bucket])}</b></div>`).join('');
  const wards = summary.wards.length
    ? `<table>${totalsHead(t('Xã / phường', 'Ward / commune'))}${summary.wards
        .map((w) => `<tr><td>${esc(w.wardName ?? '')} <code>${esc(w.wardCode)}</code></td>${totalsCells(w.totals)}</tr>`)
        .join('')}</table>`
    : `<p>${t('Chưa có khoản nào theo xã / phường.', 'Nothing per ward yet.')}</p>`;
  const days = summary.days.length
    ? `<table>${totalsHead(t('Ngày', 'Day'))}${summary.days.map((d) => `<tr><td>${esc(d.day)}</td>${totalsCells(d.totals)}</tr>`).join('')}</table>`
    : `<p>${t('Chưa có giao dịch.', 'No transactions yet.')}</p>`;
  const plan = summary.plan?.wards.length
    ? `<table><tr><th>${t('Xã / phường', 'Ward / commune')}</th>${(['planned', 'disbursed', 'confirmed'] as const)
        .map((b) => `<th class="num">${t(PLAN_BUCKET_LABELS[b].vi, PLAN_BUCKET_LABELS[b].en)}</th>`)
        .join('')}</tr>${summary.plan.wards
        .map((w) => `<tr><td>${esc(w.wardName ?? '')} <code>${esc(w.wardCode)}</code></td><td class="num">${formatInteger(w.planned)}</td><td class="num">${formatInteger(w.disbursed)}</td><td class="num">${formatInteger(w.confirmed)}</td></tr>`)
        .join('')}<tr><th>${t('Cộng', 'Total')}</th><th class="num">${formatInteger(summary.plan.planned)}</th><th class="num">${formatInteger(summary.plan.disbursed)}</th><th class="num">${formatInteger(summary.plan.confirmed)}</th></tr></table>`
    : `<p>${t('Quỹ chưa có kế hoạch phân bổ theo xã / phường.', 'The fund has no allocation plan per ward yet.')}</p>`;
  const quantity = (milli: number) => formatInteger(Math.trunc(milli / 1000)) + (milli % 1000 ? `,${String(Math.abs(milli % 1000)).padStart(3, '0').replace(/0+$/, '')}` : '');
  const goods = summary.goods?.units.length
    ? `<table><tr><th>${t('Đơn vị tính', 'Unit')}</th><th class="num">${t('Đã nhận', 'Received')}</th><th class="num">${t('Đã bàn giao', 'Handed over')}</th><th class="num">${t(GOODS_BUCKET_LABELS.goodsReceived.vi, GOODS_BUCKET_LABELS.goodsReceived.en)}</th><th class="num">${t(GOODS_BUCKET_LABELS.goodsHandedOver.vi, GOODS_BUCKET_LABELS.goodsHandedOver.en)}</th></tr>${summary.goods.units
        .map((u) => {
          const unit = labelOf(GOODS_UNIT_LABELS, u.unit);
          return `<tr><td>${t(esc(unit.vi), esc(unit.en))}</td><td class="num">${quantity(u.receivedMilli)}</td><td class="num">${quantity(u.handedOverMilli)}</td><td class="num">${formatInteger(u.receivedValue)}</td><td class="num">${formatInteger(u.handedOverValue)}</td></tr>`;
        })
        .join('')}</table>`
    : `<p>${t('Chưa nhận hiện vật.', 'No goods received yet.')}</p>`;
  const files = Object.keys(input.files)
    .sort()
    .map((name) => `<tr><td><a href="${esc(name)}">${esc(name)}</a></td><td class="num">${input.files[name]!.bytes}</td><td><code>${esc(input.files[name]!.sha256)}</code></td></tr>`)
    .join('');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${toBase64(portableHasher.sha256(utf8(SCRIPT)))}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="vi" data-lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<title>${esc(summary.fundName.vi)} — Báo cáo ${esc(summary.date)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<div>
<h1><span lang="vi">${esc(summary.fundName.vi)}</span><span lang="en">${esc(summary.fundName.en)}</span></h1>
<p>${t('Báo cáo minh bạch ngày', 'Transparency report for')} <b>${esc(summary.date)}</b> — ${t('gồm mọi giao dịch trước', 'every transaction before')} <b>${esc(vietnamTime(summary.cutoff))}</b></p>
</div>
<button id="lang" type="button"><span lang="vi">English</span><span lang="en">Tiếng Việt</span></button>
</header>
<main>
<section>
<h2>${t('Tổng cộng', 'Totals')} (${esc(summary.currency)})</h2>
<div class="cards">${cards}</div>
<p>${t('Số khoản cam kết', 'Pledges')}: <b>${summary.totals.pledgeCount}</b> · ${t('Số khoản tiền vào', 'Receipts')}: <b>${summary.totals.receiptCount}</b> · ${t('Số bút toán', 'Journal entries')}: <b>${summary.treeSize}</b></p>
${driftText}
</section>
<section>
<h2>${t('Theo xã / phường', 'Per ward / commune')}</h2>
${wards}
</section>
<section>
<h2>${t('Kế hoạch phân bổ và thực hiện', 'Allocation plan and what was done')} (${esc(summary.currency)})</h2>
${plan}
</section>
<section>
<h2>${t('Hiện vật', 'Goods in kind')}</h2>
${goods}
</section>
<section>
<h2>${t('Theo ngày', 'Per day')}</h2>
${days}
</section>
<section>
<h2>${t('Kiểm chứng', 'Verify it yourself')}</h2>
<p>${t(
    'Mỗi giao dịch là một dòng trong entries.jsonl và một lá của cây Merkle (RFC 6962). manifest.json ghi mã băm của từng tệp, gốc cây và được ký số. Bất kỳ ai cũng có thể kiểm tra: <code>npm run verify-report -- &lt;thư mục hoặc URL&gt;</code>.',
    'Every transaction is one line of entries.jsonl and one leaf of a Merkle tree (RFC 6962). manifest.json lists every file’s hash and the tree root, and is signed. Anyone can check it: <code>npm run verify-report -- &lt;folder or URL&gt;</code>.',
  )}</p>
<table>
<tr><th>${t('Số lá', 'Tree size')}</th><td>${summary.treeSize}</td></tr>
<tr><th>${t('Gốc cây Merkle', 'Merkle root')}</th><td><code>${esc(input.rootHash)}</code></td></tr>
<tr><th>${t('Báo cáo trước', 'Previous report')}</th><td>${input.previousDate ? `${esc(input.previousDate)} <code>${esc(input.previousManifestSha256)}</code>` : t('(báo cáo đầu tiên)', '(first report)')}</td></tr>
</table>
<table><tr><th>${t('Tệp', 'File')}</th><th class="num">${t('Byte', 'Bytes')}</th><th>SHA-256</th></tr>${files}</table>
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
