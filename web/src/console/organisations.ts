/**
 * Tổ chức: the organisations of the signed-in person's committees (DESIGN §12.5), found by a few
 * letters of the name or tax code. Every staff member opens an organisation's year statement from
 * here; admins also register organisations and issue, rotate and revoke their API keys (DESIGN §10:
 * a key's secret is shown once, in the answer that made it, and never again). Cards, not tables,
 * so it reads at 360 px.
 */
import type { Organisation } from '../../../shared/domain/organisations';
import { api } from '../api';
import { clear, field, h } from '../dom';
import { formatDate } from '../format';
import { L } from '../i18n';
import type { ConsoleContext } from './context';
import { ActionKeys, latestOnly, roleNote, textField } from './shared';
import { copyButton } from '../ui';
import { emptyState, errorBox, loading, successBox } from './view';

interface ApiKey {
  keyId: string;
  prefix: string;
  lastFour?: string;
  label: string;
  state: 'active' | 'revoked' | 'expired';
  validUntil: string;
  replacedBy?: string;
}

const KEY_STATE: Record<ApiKey['state'], string> = {
  active: L('Đang dùng', 'Active'),
  revoked: L('Đã thu hồi', 'Revoked'),
  expired: L('Hết hạn', 'Expired'),
};

/** The secret, once: the admin copies it to the organisation now or issues another key later. */
function secretOnce(secret: string): HTMLElement {
  return successBox(
    h('p', null, h('strong', null, L('Khóa mới (chỉ hiện một lần):', 'The new key (shown once only):'))),
    h('p', null, h('code', { class: 'code wrap', 'data-testid': 'api-key-secret' }, secret), ' ', copyButton(secret, L('khóa', 'the key'))),
    h('p', { class: 'small' }, L('Hãy gửi cho tổ chức qua kênh an toàn. Sổ Vàng chỉ giữ bản băm của khóa.', 'Send it to the organisation over a safe channel. Sổ Vàng keeps only its hash.')),
  );
}

function keysPanel(organisation: Organisation, keys: ActionKeys): HTMLElement {
  const panel = h('div', { class: 'stack', 'data-keys': organisation.id });
  const notice = h('div', { 'aria-live': 'polite' });
  const list = h('div', { class: 'stack' });

  const act = async (action: string, path: string, body?: unknown) => {
    try {
      const answer = await api<{ apiKey?: string }>(path, { method: 'POST', auth: true, idempotencyKey: keys.get(action), body });
      keys.done(action);
      clear(notice, answer.apiKey ? secretOnce(answer.apiKey) : successBox(L('Đã lưu.', 'Saved.')));
      await load();
    } catch (error) {
      clear(notice, errorBox(error));
    }
  };

  const keyCard = (key: ApiKey) =>
    h(
      'article',
      { class: 'card stack', 'data-key': key.keyId },
      h('p', null, h('strong', null, key.label), ' · ', h('span', { class: 'badge' }, KEY_STATE[key.state])),
      h('p', { class: 'small' }, h('code', { class: 'code' }, `${key.prefix}…${key.lastFour ?? ''}`), h('span', { class: 'muted block' }, L(`Dùng đến ${formatDate(key.validUntil)}`, `Valid until ${formatDate(key.validUntil)}`))),
      key.state === 'active' && !key.replacedBy
        ? h(
            'p',
            { class: 'actions' },
            h('button', { type: 'button', class: 'btn btn-small', onClick: () => act(`rotate:${key.keyId}`, `/v1/organisations/${organisation.id}/api-keys/${key.keyId}/rotate`, {}) }, L('Thay khóa', 'Rotate')),
            ' ',
            h('button', { type: 'button', class: 'btn btn-small', onClick: () => act(`revoke:${key.keyId}`, `/v1/organisations/${organisation.id}/api-keys/${key.keyId}/revoke`) }, L('Thu hồi', 'Revoke')),
          )
        : null,
    );

  const load = async () => {
    clear(list, loading());
    try {
      const { items } = await api<{ items: ApiKey[] }>(`/v1/organisations/${organisation.id}/api-keys`, { auth: true });
      clear(list, items.length ? [...items].reverse().map(keyCard) : emptyState(L('Tổ chức chưa có khóa API.', 'The organisation has no API key yet.')));
    } catch (error) {
      clear(list, errorBox(error));
    }
  };

  const label = textField(L('Tên gợi nhớ của khóa', 'Key label'), 'label', { hint: L('Ví dụ: Hệ thống kế toán', 'For example: Accounting system'), attrs: { maxlength: 100, required: true } });
  const issue = h('form', { class: 'form stack', novalidate: true }, label.wrap, h('button', { type: 'submit', class: 'btn btn-primary' }, L('Cấp khóa mới', 'Issue a key')));
  issue.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = label.input.value.trim();
    label.setError(text ? null : L('Nhập tên gợi nhớ.', 'Enter a label.'));
    if (text) void act(`issue:${organisation.id}`, `/v1/organisations/${organisation.id}/api-keys`, { label: text });
  });
  void load();
  clear(panel, h('h4', null, L('Khóa API', 'API keys')), notice, list, issue);
  return panel;
}

export function organisationsTab(ctx: ConsoleContext): HTMLElement {
  const keys = new ActionKeys();
  const isAdmin = ctx.has('admin');
  const statementYear = String(new Date().getFullYear() - 1);
  const search = h('input', { name: 'q', type: 'search', class: 'input', value: ctx.params.get('q') ?? '', autocomplete: 'off', maxlength: 100 });
  const output = h('div', { class: 'stack', 'aria-live': 'polite', 'data-testid': 'organisations' });

  const card = (organisation: Organisation) => {
    const holder = h('div');
    const toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false' }, L('Khóa API', 'API keys'));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      clear(holder, open ? keysPanel(organisation, keys) : null);
    });
    return h(
      'article',
      { class: 'card stack', 'data-org': organisation.id },
      h('p', null, h('strong', null, organisation.name), organisation.taxCode ? h('span', { class: 'muted' }, ` · MST ${organisation.taxCode}`) : null),
      h('p', { class: 'small muted' }, h('code', { class: 'code wrap' }, organisation.id), ` · ${organisation.committeeId ?? 'vn'} · ${formatDate(organisation.createdAt)}`),
      h(
        'p',
        { class: 'actions' },
        h('a', { class: 'btn btn-small', href: `/console/org-statement?org=${organisation.id}&year=${statementYear}` }, L('Bảng kê năm', 'Year statement')),
        isAdmin ? [' ', toggle] : null,
      ),
      holder,
    );
  };

  const loads = latestOnly();
  const load = async () => {
    const current = loads.begin();
    clear(output, loading());
    const q = search.value.trim();
    output.removeAttribute('data-query');
    history.replaceState(null, '', q ? `/console/organisations?q=${encodeURIComponent(q)}` : '/console/organisations');
    try {
      const { items } = await api<{ items: Organisation[] }>(`/v1/organisations${q ? `?q=${encodeURIComponent(q)}` : ''}`, { auth: true });
      if (!current()) return;
      output.dataset.query = q;
      clear(
        output,
        items.length
          ? items.map(card)
          : emptyState(
              q ? L(`Không có tổ chức nào khớp “${q}”.`, `No organisation matches “${q}”.`) : L('Chưa có tổ chức nào thuộc ủy ban của bạn.', 'Your committees have no organisations yet.'),
              isAdmin ? L('Đăng ký tổ chức ở biểu mẫu bên dưới.', 'Register one with the form below.') : undefined,
            ),
      );
    } catch (error) {
      if (current()) clear(output, errorBox(error));
    }
  };

  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void load(), 250);
  });
  void load();
  return h(
    'div',
    { class: 'stack' },
    h('h2', { class: 'section-title' }, L('Tổ chức', 'Organisations')),
    field(L('Tìm theo tên hoặc mã số thuế (không cần dấu)', 'Search by name or tax code (accents optional)'), search).wrap,
    output,
    isAdmin ? registerForm(keys, load) : roleNote(L('Chỉ quản trị viên đăng ký tổ chức và cấp khóa API.', 'Only admins register organisations and issue API keys.')),
  );
}

function registerForm(keys: ActionKeys, reload: () => Promise<void>): HTMLElement {
  const name = textField(L('Tên tổ chức', 'Organisation name'), 'name', { attrs: { maxlength: 200, required: true } });
  const taxCode = textField(L('Mã số thuế', 'Tax code'), 'taxCode', { optional: true, attrs: { inputmode: 'numeric', maxlength: 14 } });
  const email = textField(L('Thư điện tử liên hệ', 'Contact e-mail'), 'contactEmail', { optional: true, type: 'email' });
  const committee = textField(L('Mã ủy ban quản lý', 'Managing committee id'), 'committeeId', { optional: true, hint: L('Ví dụ vn-79; để trống là Ủy ban Trung ương.', 'Such as vn-79; empty means the central committee.') });
  const notice = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'form card stack', novalidate: true },
    h('h3', null, L('Đăng ký tổ chức', 'Register an organisation')),
    name.wrap,
    taxCode.wrap,
    email.wrap,
    committee.wrap,
    notice,
    h('button', { type: 'submit', class: 'btn btn-primary' }, L('Đăng ký', 'Register')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      name: name.input.value.trim(),
      ...(taxCode.input.value.trim() ? { taxCode: taxCode.input.value.trim() } : {}),
      ...(email.input.value.trim() ? { contactEmail: email.input.value.trim() } : {}),
      ...(committee.input.value.trim() ? { committeeId: committee.input.value.trim() } : {}),
    };
    name.setError(body.name ? null : L('Nhập tên tổ chức.', 'Enter the organisation’s name.'));
    if (!body.name) return;
    void (async () => {
      try {
        const made = await api<Organisation>('/v1/organisations', { method: 'POST', auth: true, idempotencyKey: keys.get('register'), body });
        keys.done('register');
        form.reset();
        clear(notice, successBox(L(`Đã đăng ký ${made.name}.`, `${made.name} is registered.`)));
        await reload();
      } catch (error) {
        clear(notice, errorBox(error));
      }
    })();
  });
  return form;
}
