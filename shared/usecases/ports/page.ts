/** One page of a list. `cursor` is opaque: pass it back for the next page; absent when the list may be over. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}
