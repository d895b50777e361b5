/**
 * A donor takes their name back from publication (DESIGN §7, "Withdrawal"): the pledge's code and
 * the e-mail or phone given when pledging, a confirmation, then the result. The contact proves
 * the pledge is theirs; a wrong one is refused by the API and nothing changes.
 */
import { api, ApiError, newIdempotencyKey } from '../api';
import { clear, field, h } from '../dom';
import { parseRef } from '../../../shared/domain/refs';
import { L, pick } from '../i18n';
import type { Page } from '../page';
import type { PublicPledge } from '../types';
import { definitionList, errorBox, setTitle, successBox } from '../ui';
import { donorsPagePath } from './donors';

interface NameWithdrawn {
  ref: string;
  nameWithdrawn: true;
  namesFilesRewritten: number;
}

export const withdrawNamePage: Page = async ({ root, params }) => {
  const title = L('Rút tên khỏi công bố', 'Withdraw my name from publication');
  setTitle(title);
  const refInput = h('input', { name: 'ref', type: 'text', class: 'input input-code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'UHV1EWZE1', required: true });
  const contactInput = h('input', { name: 'contact', type: 'text', class: 'input', autocomplete: 'email', spellcheck: 'false', required: true, maxlength: '254' });
  const refField = field(L('Mã tham chiếu (bắt đầu bằng UH)', 'Reference code (starts with UH)'), refInput);
  const contactField = field(L('Email hoặc số điện thoại đã ghi khi đăng ký', 'The e-mail or phone given when pledging'), contactInput, {
    hint: L('Chỉ dùng để xác nhận khoản ủng hộ là của bạn; không lưu lại, không công bố.', 'Used only to confirm the pledge is yours; neither kept nor published.'),
  });
  const next = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Tiếp tục', 'Continue'));
  const form = h('form', { class: 'form card form-narrow', novalidate: true, 'data-testid': 'withdraw-form' }, refField.wrap, contactField.wrap, next);
  const outcome = h('div', { 'aria-live': 'polite', 'data-testid': 'withdraw-outcome' });

  // One key per request body: a double click or a retry replays the same withdrawal, while a
  // corrected contact is a new request.
  let key = newIdempotencyKey();
  let keyBody = '';
  const keyFor = (body: string) => {
    if (body !== keyBody) [key, keyBody] = [newIdempotencyKey(), body];
    return key;
  };

  const withdraw = async (pledge: PublicPledge, contact: string, confirm: HTMLButtonElement) => {
    const ref = pledge.ref;
    confirm.disabled = true;
    confirm.setAttribute('aria-busy', 'true');
    try {
      const done = await api<NameWithdrawn>(`/v1/pledges/${ref}/withdraw-name`, { method: 'POST', body: { contact }, idempotencyKey: keyFor(JSON.stringify([ref, contact])) });
      form.hidden = true;
      // The donor list is cacheable for a minute; the donor's own browser must not show them the name they just took back.
      await api(donorsPagePath(pledge.fundId), { cache: 'reload' }).catch(() => undefined);
      clear(
        outcome,
        successBox(
          h('p', { class: 'empty-title' }, L(`Đã rút tên của khoản ${done.ref}.`, `The name of pledge ${done.ref} is withdrawn.`)),
          h(
            'p',
            null,
            L(
              `Từ nay khoản này hiện là “Nhà hảo tâm” trên trang tra cứu và trang quỹ (bản lưu tạm của trang quỹ có thể cần vài phút để cập nhật). Tên đã được xoá khỏi ${done.namesFilesRewritten} tệp tên của các báo cáo đã công bố; các báo cáo đã ký vẫn kiểm chứng được.`,
              `From now on it shows as “Nhà hảo tâm” (a kind donor) on the check page and the fund page (cached copies of the fund page can take a few minutes to catch up). The name was erased from ${done.namesFilesRewritten} names files of published reports; the signed reports still verify.`,
            ),
          ),
        ),
        h('p', null, h('a', { href: `/check?ref=${done.ref}` }, L('Xem khoản ủng hộ', 'See the donation'))),
      );
    } catch (error) {
      // The refusal belongs beside the form, which stays as typed so the donor can correct it.
      clear(outcome, errorBox(error));
      if (error instanceof ApiError && error.status === 403) {
        contactInput.setAttribute('aria-invalid', 'true');
        contactInput.focus();
      }
    }
  };

  /** Shows what will change and asks once more: the name leaves every public page for good. */
  const askToConfirm = (pledge: PublicPledge, contact: string) => {
    const confirm = h('button', { type: 'button', class: 'btn btn-primary' }, L('Xác nhận rút tên', 'Withdraw my name'));
    const back = h('button', { type: 'button', class: 'btn btn-ghost' }, L('Quay lại', 'Go back'));
    confirm.addEventListener('click', () => void withdraw(pledge, contact, confirm));
    back.addEventListener('click', () => {
      clear(outcome);
      refInput.focus();
    });
    clear(
      outcome,
      h(
        'section',
        { class: 'card form-narrow', 'aria-labelledby': 'h-confirm', 'data-testid': 'withdraw-confirm' },
        h('h2', { id: 'h-confirm', class: 'card-title' }, L('Xác nhận rút tên', 'Confirm the withdrawal')),
        definitionList([
          [L('Mã tham chiếu', 'Reference code'), h('span', { class: 'code' }, pledge.ref)],
          [L('Quỹ', 'Fund'), pick(pledge.fundName)],
          [L('Tên đang hiển thị', 'Name shown now'), pledge.donorName],
        ]),
        h(
          'p',
          null,
          L(
            'Tên sẽ được xoá khỏi danh sách nhà hảo tâm, trang tra cứu và tệp tên của mọi báo cáo đã công bố. Khoản ủng hộ vẫn được ghi nhận, dưới tên “Nhà hảo tâm”. Không thể hoàn tác.',
            'The name will be erased from the donor list, the check page and the names file of every published report. The donation still counts, as “Nhà hảo tâm” (a kind donor). This cannot be undone.',
          ),
        ),
        h('p', { class: 'actions' }, confirm, back),
      ),
    );
    confirm.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    refField.setError(null);
    contactField.setError(null);
    clear(outcome);
    const ref = parseRef(refInput.value, ['UH']);
    const contact = contactInput.value.trim();
    if (!ref) refField.setError(L('Mã không hợp lệ. Mã gồm UH và 7 ký tự, ví dụ UHV1EWZE1.', 'Not a valid code. It is UH and 7 characters, e.g. UHV1EWZE1.'));
    if (contact.length < 3) contactField.setError(L('Vui lòng nhập email hoặc số điện thoại bạn đã ghi khi đăng ký.', 'Please enter the e-mail or phone you gave when pledging.'));
    if (!ref || contact.length < 3) {
      (ref ? contactInput : refInput).focus();
      return;
    }
    refInput.value = ref;
    history.replaceState(null, '', `/withdraw-name?ref=${ref}`);
    next.disabled = true;
    try {
      askToConfirm(await api<PublicPledge>(`/v1/pledges/${ref}`), contact);
    } catch (error) {
      clear(outcome, error instanceof ApiError && error.status === 404 ? h('div', { class: 'alert alert-warn', role: 'alert' }, L(`Không tìm thấy khoản ủng hộ ${ref}.`, `No donation ${ref} was found.`)) : errorBox(error));
    } finally {
      next.disabled = false;
    }
  });

  refInput.value = params.get('ref') ?? '';
  clear(
    root,
    h('p', { class: 'breadcrumb' }, h('a', { href: refInput.value ? `/check?ref=${encodeURIComponent(refInput.value)}` : '/check' }, L('Tra cứu khoản ủng hộ', 'Check my donation'))),
    h('h1', null, title),
    h(
      'p',
      { class: 'lead' },
      L(
        'Bạn đã đồng ý công khai tên và nay muốn rút lại? Nhập mã tham chiếu và email hoặc số điện thoại đã ghi khi đăng ký.',
        'Agreed to publish your name and changed your mind? Enter the reference code and the e-mail or phone you gave when pledging.',
      ),
    ),
    form,
    outcome,
  );
  (refInput.value ? contactInput : refInput).focus();
};
