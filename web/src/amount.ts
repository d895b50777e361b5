/** Amounts for people: an input with live "1.000.000" formatting, and the amount in words. */
import { h } from './dom';
import { formatVnd, parseAmount, reformatAmountInput } from './format';
import { lang } from './i18n';
import { vndToEnglishWords, vndToWords } from './vnd-words';

/** The amount in words in the page's language, as invoices and bank forms write it. */
export function amountWords(amount: number): string {
  return lang() === 'vi' ? vndToWords(amount) : vndToEnglishWords(amount);
}

export function amountInput(name: string): { input: HTMLInputElement; words: HTMLElement; value(): number | null; set(amount: number): void } {
  const input = h('input', { name, type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'input input-amount', required: true });
  const words = h('span', { class: 'amount-words', 'aria-live': 'polite' });
  const refresh = () => {
    const amount = parseAmount(input.value);
    words.textContent = amount ? `${amountWords(amount)}` : '';
  };
  input.addEventListener('input', () => {
    const { text, caret } = reformatAmountInput(input.value, input.selectionStart ?? input.value.length);
    input.value = text;
    if (document.activeElement === input) input.setSelectionRange(caret, caret);
    refresh();
  });
  return {
    input,
    words,
    value: () => parseAmount(input.value),
    set(amount) {
      input.value = formatVnd(amount, { symbol: false });
      refresh();
    },
  };
}

