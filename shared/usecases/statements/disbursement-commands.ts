/**
 * The disbursement commands a statement line can cause: a debit that pays a GN code. Few lines
 * do, so the functions that import and review statements load them with the first such line,
 * not at every cold start (the 300 KB budget of DESIGN §13).
 */
export const disbursementCommands = () => import('../disbursements');
