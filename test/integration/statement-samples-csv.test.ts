/** The BIDV, MB, Techcombank and Agribank sample pairs as the banks' CSV exports, through the HTTP twin (test/support/statement-samples.ts). */
import { describeSamplePairs } from '../support/statement-samples';

describeSamplePairs('csv');
