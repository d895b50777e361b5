/**
 * Goods in kind (DESIGN §12.4): a clerk records a lot as it arrives (what, how much, its estimated
 * value, the donor and whether they may be named, where it was received), then hands parts of it
 * over to wards. Each lot shows what remains.
 */
import { api, ApiError } from '../api';
import { amountInput } from '../amount';
import { clear, field, h } from '../dom';
import { formatDateTime, formatVnd, localInputToIso, nowLocalInput } from '../format';
import { L, pick } from '../i18n';
import { GOODS_UNITS } from '../../../shared/domain/goods';
import { GOODS_UNIT_LABELS } from '../../../shared/domain/labels';
import type { ConsoleContext } from './context';
import { ActionKeys, fundSelect, latestOnly, roleNote, textField } from './shared';
import { errorBox, loading, successBox } from './view';

interface PublicLot {
  id: string;
  description: string;
  unit: string;
  quantityMilli: number;
  remainingMilli: number;
  estimatedValue: number;
  donorName: string;
  receivingPoint: string;
  receivedAt: string;
  late: boolean;
}

const quantity = (milli: number) => (milli / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 3 });
const unitName = (unit: string) => pick(GOODS_UNIT_LABELS[unit as keyof typeof GOODS_UNIT_LABELS] ?? { vi: unit, en: unit });

function handoverForm(fundId: string, lot: PublicLot, keys: ActionKeys, done: () => void): HTMLElement {
  const ward = textField(L('Mã xã, phường nhận', 'Receiving ward code'), `ward-${lot.id}`, { attrs: { inputmode: 'numeric', maxlength: '5' } });
  const amount = textField(L(`Số lượng (${unitName(lot.unit)})`, `Quantity (${unitName(lot.unit)})`), `qty-${lot.id}`, { attrs: { inputmode: 'decimal' } });
  const by = textField(L('Đơn vị nhận', 'Received by'), `by-${lot.id}`, { value: '' });
  const at = textField(L('Thời điểm bàn giao', 'Handed over at'), `at-${lot.id}`, { type: 'datetime-local', value: nowLocalInput() });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-small btn-primary' }, L('Bàn giao', 'Hand over'));
  const form = h('form', { class: 'inline-form handover', novalidate: true }, ward.wrap, amount.wrap, by.wrap, at.wrap, submit, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    const body = { wardCode: ward.input.value.trim(), quantity: Number(amount.input.value.replace(',', '.')), receivedBy: by.input.value.trim(), handedOverAt: localInputToIso(at.input.value || nowLocalInput()) };
    const action = `handover:${lot.id}:${JSON.stringify(body)}`;
    submit.disabled = true;
    try {
      await api(`/v1/funds/${fundId}/goods/${lot.id}/handovers`, { method: 'POST', body, auth: true, idempotencyKey: keys.get(action) });
      keys.done(action);
      done();
    } catch (error) {
      if (error instanceof ApiError) for (const e of error.problem.errors ?? []) (e.path.endsWith('wardCode') ? ward : e.path.endsWith('quantity') ? amount : by).setError(e.message);
      clear(result, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function goodsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const canRecord = ctx.has('finance-clerk');
  const keys = new ActionKeys();
  const fund = fundSelect(ctx);
  const list = h('div', null, loading());
  const loads = latestOnly();
  const load = async () => {
    const current = loads.begin();
    try {
      const goods = await api<{ lots: PublicLot[]; units: { unit: string; receivedMilli: number; handedOverMilli: number; remainingMilli: number; receivedValue: number }[] }>(`/v1/funds/${fund.value}/goods`);
      if (!current()) return;
      clear(
        list,
        goods.lots.length
          ? goods.lots
              .slice()
              .reverse()
              .map((lot) =>
                h(
                  'article',
                  { class: 'card goods-lot', 'data-lot': lot.id },
                  h('h3', { class: 'card-title' }, lot.description, lot.late ? h('span', { class: 'badge badge-partial' }, L(' nhận muộn', ' late')) : null),
                  h('p', null, `${quantity(lot.quantityMilli)} ${unitName(lot.unit)} · ${formatVnd(lot.estimatedValue)} · ${L('còn', 'left')} `, h('strong', { 'data-testid': 'remaining' }, `${quantity(lot.remainingMilli)} ${unitName(lot.unit)}`)),
                  h('p', { class: 'muted small' }, `${lot.donorName} · ${lot.receivingPoint} · ${formatDateTime(lot.receivedAt)}`),
                  canRecord && lot.remainingMilli > 0 ? handoverForm(fund.value, lot, keys, () => void load()) : null,
                ),
              )
          : h('p', { class: 'muted' }, L('Quỹ chưa nhận hiện vật.', 'No goods received yet.')),
      );
    } catch (error) {
      if (current()) clear(list, errorBox(error));
    }
  };
  const description = textField(L('Hiện vật', 'Goods'), 'description', { hint: L('vd: Gạo tẻ, bao 25 kg', 'e.g. Rice, 25 kg sacks') });
  const unit = h('select', { name: 'unit', class: 'input' }, GOODS_UNITS.map((u) => h('option', { value: u }, unitName(u))));
  const qty = textField(L('Số lượng', 'Quantity'), 'quantity', { attrs: { inputmode: 'decimal' }, hint: L('Tối đa 3 chữ số thập phân.', 'At most three decimals.') });
  const value = amountInput('goods-value');
  const valueField = field(L('Giá trị ước tính (đồng)', 'Estimated value (đồng)'), value.input, { hint: value.words });
  const donor = textField(L('Người, đơn vị tặng', 'Donor'), 'donor');
  const publish = h('input', { type: 'checkbox', id: 'goods-publish', name: 'publishName' });
  const point = textField(L('Nơi tiếp nhận', 'Receiving point'), 'receivingPoint');
  const at = textField(L('Thời điểm nhận', 'Received at'), 'receivedAt', { type: 'datetime-local', value: nowLocalInput() });
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Ghi nhận hiện vật', 'Record the goods'));
  const form = h(
    'form',
    { class: 'form card', novalidate: true, 'aria-labelledby': 'h-goods-form' },
    h('h2', { id: 'h-goods-form', class: 'card-title' }, L('Tiếp nhận hiện vật', 'Goods received')),
    description.wrap,
    field(L('Đơn vị tính', 'Unit'), unit).wrap,
    qty.wrap,
    valueField.wrap,
    donor.wrap,
    h('div', { class: 'checkbox' }, publish, h('label', { for: 'goods-publish' }, L('Người tặng đồng ý công khai tên', 'The donor agrees to be named'))),
    point.wrap,
    at.wrap,
    submit,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    [description, qty, valueField, donor, point].forEach((f) => f.setError(null));
    const body = {
      description: description.input.value.trim(),
      unit: unit.value,
      quantity: Number(qty.input.value.replace(',', '.')),
      estimatedValue: value.value() ?? 0,
      donor: { type: 'organisation', name: donor.input.value.trim(), publishName: publish.checked },
      receivingPoint: point.input.value.trim(),
      receivedAt: localInputToIso(at.input.value || nowLocalInput()),
    };
    const action = `goods:${fund.value}:${JSON.stringify(body)}`;
    submit.disabled = true;
    try {
      await api(`/v1/funds/${fund.value}/goods`, { method: 'POST', body, auth: true, idempotencyKey: keys.get(action) });
      keys.done(action);
      clear(result, successBox(L('Đã ghi nhận hiện vật.', 'Goods recorded.')));
      void load();
    } catch (error) {
      if (error instanceof ApiError) {
        const byPath: Record<string, { setError(m: string | null): void }> = { 'body.description': description, 'body.quantity': qty, 'body.estimatedValue': valueField, 'body.donor.name': donor, 'body.receivingPoint': point };
        for (const e of error.problem.errors ?? []) byPath[e.path]?.setError(e.message);
      }
      clear(result, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });
  fund.addEventListener('change', () => {
    history.replaceState(null, '', `/console/goods?fund=${fund.value}`);
    void load();
  });
  void load();
  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, field(L('Quỹ', 'Fund'), fund).wrap),
    h('div', { class: 'console-grid' }, canRecord ? form : roleNote(L('Chỉ kế toán ghi nhận hiện vật.', 'Only a finance clerk records goods.')), h('section', { 'aria-label': L('Các lô hiện vật', 'Goods lots') }, list)),
  );
}
