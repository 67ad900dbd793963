// Type-checked TypeScript rules as errors, Prettier for formatting, and module boundaries by Nx tags.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const ALL_LIB_TYPES = ['type:domain', 'type:contract', 'type:platform', 'type:data', 'type:testing'];
const APP_SCOPES = [
  'scope:click',
  'scope:postback-ingress',
  'scope:attribution',
  'scope:api',
  'scope:source-postbacks',
  'scope:dashboard',
];
const FRAMEWORK_IMPORTS = ['@nestjs/*', 'kafkajs', 'ioredis', 'typeorm', 'pg', 'nestjs-pino', 'prom-client'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.runtime/**',
      '**/*.js',
      '**/*.mjs',
      '**/.nx/**',
      // Generated from the OpenAPI document by `npm run api:types`.
      'libs/api-client/src/openapi.d.ts',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: FRAMEWORK_IMPORTS,
            },
            {
              sourceTag: 'type:contract',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contract'],
              bannedExternalImports: FRAMEWORK_IMPORTS,
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contract', 'type:platform'],
            },
            {
              sourceTag: 'type:data',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contract', 'type:platform'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contract', 'type:platform', 'type:data'],
            },
            {
              // Apps never ship test helpers (tests have their own rule below), and they reach Kafka
              // only through platform-kafka, which owns kafkajs and keeps it swappable.
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contract', 'type:platform', 'type:data'],
              bannedExternalImports: ['kafkajs'],
            },
            // Scopes: shared libraries depend only on shared libraries; an app depends on no other app.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...APP_SCOPES.map((scope) => ({ sourceTag: scope, onlyDependOnLibsWithTags: ['scope:shared'] })),
          ],
        },
      ],
    },
  },
  {
    // Attribution's core (types, rules, ledger, IP allowlist) is its dependency-free bottom: it
    // imports nothing else of the service and no framework, so it is tested without I/O.
    files: ['services/attribution/src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*'], message: 'core/ imports nothing above it: move the code down or pass it in' },
            {
              group: ['@nestjs/*', 'typeorm', 'ioredis', 'kafkajs', 'pg', '@clickledger/platform-*'],
              message: 'core/ is framework-free: keep I/O in the feature modules',
            },
            {
              group: ['@clickledger/persistence'],
              allowTypeImports: true,
              message: 'core/ may use persistence types only',
            },
          ],
        },
      ],
    },
  },
  {
    // Attribution's imports go one way: core ← common, messages ← catalog, clicks ← pending,
    // postbacks, rejections ← app. The lower layers never reach up.
    files: ['services/attribution/src/{common,messages,catalog,clicks}/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../postbacks/*',
                '../pending/*',
                '../rejections/*',
                '../app.module',
                '../attribution.startup',
              ],
              message: 'a lower attribution layer may not import a higher one (see docs/architecture.md)',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may use non-null assertions on values they have just checked exist, and every
    // project's tests may use the shared test helpers (production code may not).
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ALL_LIB_TYPES }],
        },
      ],
    },
  },
  prettier,
);
