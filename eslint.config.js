// ESLint (flat config) for the TypeScript sources and tests: ESLint's recommended rules and
// typescript-eslint's recommended rules (syntax-based, no type information, so `npm test` stays fast).
// Run with `npm run lint`; `npm test` runs it before the type check and the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'index/', '.tmp/', 'tests/.generated/', 'models/', 'feedback/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused locals and parameters are TypeScript's (noUnusedLocals, noUnusedParameters): it also sees the
      // imports that TSDoc {@link} tags use, which this rule would report.
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // A variable read by a callback before the one assignment that fills it cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // STYLE.md: no console deep inside modules; entry points write through the logger or process.stdout.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
