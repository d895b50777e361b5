import type { RefsSpool } from '../../reports/builder';

/** Where the nightly report keeps its ref index while it streams (a temp directory in Lambda). */
export type SpoolFactory = () => RefsSpool;
