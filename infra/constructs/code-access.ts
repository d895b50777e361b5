/**
 * What a function's code can ask of DynamoDB and S3, read from its bundle: the code that is
 * deployed, after tree shaking, not the modules a handler might import.
 *
 * The SDK is external to every bundle (bundles.ts), so each SDK command a bundle can send
 * appears in it as an import from `@aws-sdk/…` under a minified local name. esbuild keeps such
 * imports even for modules it shook out (an external import might have side effects), so a
 * command counts only if its local name is used beyond the import. A transaction is authorised
 * item by item, so the kinds of item a bundle can put in a TransactWriteItems (`{Put:`,
 * `{Update:`, `{ConditionCheck:`, `{Delete:`, property names that minifying keeps) count as
 * their own actions. The reading errs on the side of finding more, never less: a name that
 * happens to recur, or an item kind written for another purpose, only widens what is allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DescribeTable'] as const;
/** ConditionCheckItem only ever appears inside a transaction of writes, so it goes with them. */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'] as const;
export type TableReadAction = (typeof TABLE_READ_ACTIONS)[number];
export type TableWriteAction = (typeof TABLE_WRITE_ACTIONS)[number];
export type TableAction = TableReadAction | TableWriteAction;

/** Commands of the document client and the low-level client, by the IAM actions they need. */
const TABLE_COMMANDS: Record<string, readonly TableAction[]> = {
  GetCommand: ['dynamodb:GetItem'],
  GetItemCommand: ['dynamodb:GetItem'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  BatchGetItemCommand: ['dynamodb:BatchGetItem'],
  // TransactGetItems is authorised as a GetItem of each item.
  TransactGetCommand: ['dynamodb:GetItem'],
  TransactGetItemsCommand: ['dynamodb:GetItem'],
  QueryCommand: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  DescribeTableCommand: ['dynamodb:DescribeTable'],
  PutCommand: ['dynamodb:PutItem'],
  PutItemCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  UpdateItemCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  DeleteItemCommand: ['dynamodb:DeleteItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  BatchWriteItemCommand: ['dynamodb:BatchWriteItem'],
};
const TRANSACT_WRITE_COMMANDS = new Set(['TransactWriteCommand', 'TransactWriteItemsCommand']);
const TRANSACT_ITEM_ACTIONS: Record<string, TableWriteAction> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

export type BucketUse = 'none' | 'read' | 'readWrite';
const S3_READ_COMMANDS = new Set(['GetObjectCommand', 'HeadObjectCommand', 'ListObjectsV2Command', 'ListObjectVersionsCommand']);
const S3_WRITE_COMMANDS = new Set([
  'PutObjectCommand',
  'CopyObjectCommand',
  'CreateMultipartUploadCommand',
  'UploadPartCommand',
  'CompleteMultipartUploadCommand',
  'AbortMultipartUploadCommand',
  'DeleteObjectCommand',
  'DeleteObjectsCommand',
]);

export interface CodeAccess {
  /** Every DynamoDB action the code can need, sorted. */
  readonly table: readonly TableAction[];
  /** The most the code can do to a bucket; which buckets is the function's declaration's to say. */
  readonly buckets: BucketUse;
}

const ESM_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["'](@aws-sdk\/[\w-]+)["']/g;
/** The same names destructured from `require`, as the house build emits the SDK's imports (`requireSdk` in bundles.ts). */
const DESTRUCTURED_REQUIRE = /(?:var|const|let)\s*\{([^}]*)\}\s*=\s*require\(\s*["'](@aws-sdk\/[\w-]+)["']\s*\)/g;
/** A whole-module import or require of a client leaves nothing to read: every command of it counts. */
const OPAQUE_IMPORT = /(?:import\s*\*\s*as\s*[\w$]+\s*from\s*|(?<!\}\s*=\s*)require\(\s*)["'](@aws-sdk\/(?:lib-dynamodb|client-dynamodb|client-s3))["']/g;

/**
 * `[module:imported name, local name]` of every SDK import in one file of a bundle (a module
 * imports a command under a name of its own, so one command may have several), and the file
 * without those imports.
 */
function sdkImports(code: string): { commands: [string, string][]; rest: string; opaque: Set<string> } {
  const commands: [string, string][] = [];
  for (const match of code.matchAll(ESM_IMPORT)) {
    for (const specifier of match[1]!.split(',')) {
      const [imported, local] = specifier.trim().split(/\s+as\s+/);
      if (imported) commands.push([`${match[2]}:${imported}`, local ?? imported]);
    }
  }
  for (const match of code.matchAll(DESTRUCTURED_REQUIRE)) {
    for (const specifier of match[1]!.split(',')) {
      const [imported, local] = specifier.trim().split(/\s*:\s*/);
      if (imported) commands.push([`${match[2]}:${imported}`, local ?? imported]);
    }
  }
  const opaque = new Set([...code.matchAll(OPAQUE_IMPORT)].map((match) => match[1]!));
  return { commands, rest: code.replace(ESM_IMPORT, '').replace(DESTRUCTURED_REQUIRE, ''), opaque };
}

function escape(name: string): string {
  return name.replace(/[$]/g, '\\$');
}

/** The SDK commands (by module and name) that one file of a bundle refers to beyond importing them. */
function commandsUsed(code: string): Set<string> {
  const { commands, rest, opaque } = sdkImports(code);
  const used = new Set<string>();
  for (const [qualified, local] of commands) {
    if (used.has(qualified)) continue;
    if (new RegExp(`(?<![\\w$])${escape(local)}(?![\\w$])`).test(rest)) used.add(qualified);
  }
  for (const module of opaque) {
    const all = module.endsWith('client-s3') ? [...S3_READ_COMMANDS, ...S3_WRITE_COMMANDS] : [...Object.keys(TABLE_COMMANDS), ...TRANSACT_WRITE_COMMANDS];
    for (const command of all) used.add(`${module}:${command}`);
  }
  return used;
}

const DYNAMO_MODULES = new Set(['@aws-sdk/lib-dynamodb', '@aws-sdk/client-dynamodb']);

/** What the files of one bundle (`index.mjs` and any chunks) can ask of DynamoDB and S3. */
export function codeAccess(files: readonly string[]): CodeAccess {
  const table = new Set<TableAction>();
  let buckets: BucketUse = 'none';
  let transacts = false;
  for (const code of files) {
    for (const qualified of commandsUsed(code)) {
      const [module, command] = qualified.split(':') as [string, string];
      if (DYNAMO_MODULES.has(module)) {
        for (const action of TABLE_COMMANDS[command] ?? []) table.add(action);
        if (TRANSACT_WRITE_COMMANDS.has(command)) transacts = true;
      } else if (module === '@aws-sdk/client-s3') {
        if (S3_WRITE_COMMANDS.has(command)) buckets = 'readWrite';
        else if (S3_READ_COMMANDS.has(command) && buckets === 'none') buckets = 'read';
      }
    }
  }
  if (transacts) {
    // The items may be built in another chunk than the one that sends them.
    for (const code of files) for (const match of code.matchAll(/[{,](Put|Update|Delete|ConditionCheck):/g)) table.add(TRANSACT_ITEM_ACTIONS[match[1]!]!);
  }
  return { table: [...table].sort(), buckets };
}

/** The files of a built bundle directory, as `codeAccess` reads them. */
export function bundleFiles(bundleDir: string): string[] {
  return readdirSync(bundleDir)
    .filter((name) => name.endsWith('.mjs'))
    .sort()
    .map((name) => readFileSync(join(bundleDir, name), 'utf8'));
}
