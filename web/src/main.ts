/**
 * Sổ Vàng web app: the public portal, the pledge form and (loaded on demand) the finance console.
 * Plain TypeScript and DOM, no framework: the portal's first load stays small on a phone.
 */
import { start } from './router';

start();
