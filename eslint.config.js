// typescript-eslint: the recommended rules, type-aware, minus the ones the
// tree did not pass when lint was added (counts at that time in brackets), so
// that `npm run lint` starts at zero errors. No style rules: formatting is
// prettier's job. Turn a rule back on once the code it flags has been fixed.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'docs/', 'node_modules/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The code writes `a[i]!` as if noUncheckedIndexedAccess were on, so that it can be turned on [933].
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // The VMs switch on opcode bytes (numbers) against `const enum Op` [157].
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Values of the pickle value model are `unknown`/`any` by nature; to be narrowed file by file [44].
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // The unpickler throws an internal sentinel that its own catch translates [4].
      '@typescript-eslint/only-throw-error': 'off',
      // Deliberate: `cond && f()` in two parsers [9].
      '@typescript-eslint/no-unused-expressions': 'off',
      // tsc checks this (noUnusedLocals, noUnusedParameters in tsconfig.base.json;
      // a parameter kept for a signature is spelled `_name`).
      '@typescript-eslint/no-unused-vars': 'off',
      // Terminal escapes and Python's escape rules are spelled as regexes [9].
      'no-control-regex': 'off',
      'no-useless-escape': 'off',
      // `String.fromCharCode.apply` on chunks is the fast path for UTF-8 decoding [1].
      'prefer-spread': 'off',
      // Async functions without await keep a promise-returning contract (stream
      // sinks, test callbacks); rejecting with non-Errors is how Node streams report
      // some failures. Off: the wave-2 branches hit these [3, 1].
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // node:test's `test()` returns a promise that the runner awaits itself [332].
      '@typescript-eslint/no-floating-promises': 'off',
      // A test spells out the float the parser must round to [1].
      'no-loss-of-precision': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node, parserOptions: { project: false } },
  },
);
