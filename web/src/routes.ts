/**
 * Every page of the app, by path. The home page is part of the first load; every other page is a
 * chunk fetched when its route is first shown.
 */
import type { Page } from './page';
import { homePage } from './pages/home';

export interface Route {
  pattern: RegExp;
  load: () => Promise<Page>;
}

export const ROUTES: readonly Route[] = [
  { pattern: /^\/$/, load: async () => homePage },
  { pattern: /^\/funds\/([a-z0-9-]+)\/?$/, load: async () => (await import('./pages/fund')).fundPage },
  { pattern: /^\/pledge\/?$/, load: async () => (await import('./pages/pledge')).pledgePage },
  { pattern: /^\/pledge\/((?:UH)[0-9A-Z]{7})\/?$/, load: async () => (await import('./pages/pledge')).pledgeResultPage },
  { pattern: /^\/check\/?$/, load: async () => (await import('./pages/check')).checkPage },
  { pattern: /^\/withdraw-name\/?$/, load: async () => (await import('./pages/withdraw-name')).withdrawNamePage },
  { pattern: /^\/transfer\/?$/, load: async () => (await import('./pages/transfer')).transferPage },
  { pattern: /^\/verify\/?$/, load: async () => (await import('./pages/verify')).verifyPage },
  { pattern: /^\/certificate\/([a-z0-9-]+)\/(\d{4}-\d{2}-\d{2})\/(\d{1,9})\/?$/, load: async () => (await import('./pages/certificate')).certificatePage },
  { pattern: /^\/console(\/.*)?$/, load: async () => (await import('./console/console')).consolePage },
];

/** The header's navigation: path, Vietnamese, English. */
export const NAV: readonly (readonly [string, string, string])[] = [
  ['/', 'Các quỹ', 'Funds'],
  ['/pledge', 'Ủng hộ', 'Donate'],
  ['/check', 'Tra cứu', 'Check'],
  ['/transfer', 'Tìm giao dịch', 'Find my transfer'],
  ['/verify', 'Kiểm chứng', 'Verify'],
  ['/console', 'Cán bộ', 'Staff'],
];
