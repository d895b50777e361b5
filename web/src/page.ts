/**
 * The contract between the router and a page. Pages import this module, never the router: the
 * router reaches the pages through the route table (`routes.ts`), and hands each one what it
 * needs, navigation included, in its `PageContext`.
 */
export type Cleanup = () => void;

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one (after a sign-in, a redirect). */
  replace?: boolean;
}

export interface PageContext {
  root: HTMLElement;
  params: URLSearchParams;
  match: RegExpExecArray;
  path: string;
  /** Client-side navigation through the history API. */
  navigate(href: string, options?: NavigateOptions): void;
}

export type Page = (ctx: PageContext) => void | Cleanup | Promise<void | Cleanup>;
