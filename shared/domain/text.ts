/**
 * Diacritic-insensitive folding for search and memo matching: `Nguyễn` → `nguyen`, `Đ` → `d`.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every whitespace-separated word of the query occurs in the folded text. */
export function matchesQuery(foldedText: string, query: string): boolean {
  const words = fold(query).split(' ').filter(Boolean);
  return words.every((word) => foldedText.includes(word));
}
