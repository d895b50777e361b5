/** `npm run reset`: wipes the twin's local data (DynamoDB Local, the S3 emulator, keys, checkpoints). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './twin';

const dir = join(PROJECT_ROOT, '.data');
rmSync(dir, { recursive: true, force: true });
console.log(`Removed ${dir}. The next "npm start" seeds fresh demo data.`);
