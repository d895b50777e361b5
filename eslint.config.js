import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers of docs/DESIGN.md §3, as import rules. Each entry: the files it governs, and the
 * imports they may not make (a regular expression over the import's path), with the reason.
 */
const NODE_IO = '^(node:)?(fs|fs/promises|net|http|https|http2|stream|stream/promises|stream/web|child_process|os|path|dgram|worker_threads|readline|zlib)$';
const forbid = (regex, message, options = {}) => ({ regex, message, ...options });

const useCaseRules = [
  forbid('(^|/)(adapters|http|routes|stream)(/|$)', 'Use cases see ports (shared/usecases/ports), never adapters or the HTTP edge (DESIGN §3).'),
  forbid('(^|/)schemas(/|$)', 'Use cases may name the API types (import type), never run zod schemas (DESIGN §3).', { allowTypeImports: true }),
  forbid('^zod$', 'Use cases may name zod types (import type) only (DESIGN §3).', { allowTypeImports: true }),
  forbid('(^|/)(config|observability|resources|metrics)$', 'Use cases get configuration and logging through their dependencies (DESIGN §3).'),
  forbid('(^|/)(infra|functions|web|bench|test)(/|$)', 'Use cases never import the outer layers (DESIGN §3).'),
  forbid(NODE_IO, 'Use cases do no I/O: a port does (DESIGN §3).'),
  forbid('^(@aws-sdk/|aws-cdk-lib|@aws-lambda-powertools/|@middy/|exceljs|csv-parse|jose)', 'Use cases import no AWS, Lambda or file-format library: an adapter does (DESIGN §3).'),
];
const adapterRules = [
  forbid('(^|/)usecases/(?!ports(/|$))', 'Adapters implement ports; they never call a use case (DESIGN §3).'),
  forbid('(^|/)(http|routes)(/|$)', 'Adapters know nothing of the HTTP edge (DESIGN §3).'),
  forbid('(^|/)(infra|functions|web|bench|test)(/|$)', 'Adapters never import the outer layers (DESIGN §3).'),
];

// A file matched by two entries gets the later one's rule: the more specific entries repeat the general rules.
const layers = [
  {
    name: 'domain',
    files: ['shared/domain/**/*.ts'],
    patterns: [
      forbid('(^|/)(usecases|adapters|http|schemas|routes|reports|stream)(/|$)', 'The domain imports nothing from use cases, adapters, http, schemas, routes or reports (DESIGN §3).'),
      forbid('(^|/)(config|observability|resources|metrics)$', 'The domain reads no configuration and logs nothing (DESIGN §3).'),
      forbid('(^|/)(infra|functions|web|bench|test)(/|$)', 'The domain is imported, never importing the outer layers (DESIGN §3).'),
      forbid('^node:', 'The domain uses no Node API: it runs in the browser too (DESIGN §3).'),
      forbid(NODE_IO, 'The domain does no I/O (DESIGN §3).'),
      forbid('^(@aws-sdk/|aws-cdk-lib|@aws-lambda-powertools/|@middy/|exceljs|csv-parse|jose)', 'The domain imports no AWS, Lambda or file-format library (DESIGN §3).'),
    ],
  },
  {
    name: 'use cases',
    files: ['shared/usecases/**/*.ts'],
    patterns: useCaseRules,
  },
  {
    name: 'ports',
    files: ['shared/usecases/ports/**/*.ts'],
    patterns: [
      ...useCaseRules,
      forbid('(^|/)usecases/(?!ports)', 'A port names no use case (DESIGN §3).'),
      forbid('^\\.\\./(?!ports)[a-z-]+', 'A port names no use case (DESIGN §3).'),
    ],
  },
  {
    name: 'adapters',
    files: ['shared/adapters/**/*.ts'],
    patterns: adapterRules,
  },
  {
    name: 'DynamoDB adapters',
    files: ['shared/adapters/dynamo/*.ts'],
    ignores: ['shared/adapters/dynamo/index.ts', 'shared/adapters/dynamo/table.ts', 'shared/adapters/dynamo/keys.ts', 'shared/adapters/dynamo/journal-merge.ts'],
    patterns: [
      ...adapterRules,
      forbid('^\\./(?!(table|keys|journal-merge|items/[a-z-]+)$)', 'No adapter imports another adapter: share table.ts, keys.ts, journal-merge.ts and the item codecs (DESIGN §3).'),
    ],
  },
  {
    name: 'the HTTP edge',
    files: ['shared/http/**/*.ts', 'shared/routes/**/*.ts', 'shared/schemas/**/*.ts'],
    patterns: [forbid('(^|/)(infra|functions|web|bench|test)(/|$)', 'The HTTP edge never imports the outer layers (DESIGN §3).')],
  },
  {
    name: 'functions',
    files: ['functions/**/*.ts'],
    patterns: [forbid('(^|/)(infra|web|bench|test)(/|$)', 'Handlers wire http, use cases and adapters; nothing else (DESIGN §3).')],
  },
  {
    name: 'web',
    files: ['web/src/**/*.ts'],
    patterns: [
      forbid('(^|/)shared/(adapters|usecases|http|stream)(/|$)', 'The browser shares the domain, the report library and the API types, never server code (DESIGN §3).'),
      forbid('(^|/)shared/routes(/index)?$', 'The browser does not load the whole route table (DESIGN §3).'),
      forbid('^node:', 'The browser has no Node API.'),
      forbid('^(@aws-sdk/|aws-cdk-lib|@aws-lambda-powertools/|@middy/)', 'The browser loads no server library.'),
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'web/dist/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // An import cycle anywhere (a type-only one included) fails the lint: modules are read in one direction.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(only|skip)$/][object.name=/^(it|test|describe)$/]", message: 'No focused or skipped tests.' },
        // `import { z }` hands esbuild zod's whole namespace object, every locale included
        // (443 KB in each function); the namespace import lets it keep only what is used.
        {
          selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message: "Use `import * as z from 'zod'` (bundle size, see README).",
        },
      ],
    },
  },
  ...layers.map(({ name, files, ignores, patterns }) => ({
    name: `layers/${name}`,
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
