/** A flag (`FLAG#<id>` / `META`), on gsi1 under its fund (`FLAGS#<fundId>`) by id. */
import type { Flag } from '../../../domain/flags';
import { keys, type Item } from '../table';

export function flagItem(flag: Flag): Item {
  return { ...keys.flag(flag.id), kind: 'FLAG', gsi1pk: keys.fundFlagsIndex(flag.fundId), gsi1sk: flag.id, ...flag };
}
