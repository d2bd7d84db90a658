/**
 * Documentation tests (issue 15), part 2: every command in every `fairwire <command> --help`
 * "Examples" section is run. Conventions, scratch directories and budget as in docs-markdown.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { helpDocExamples, helpTexts } from './testing/collect.ts';
import { defineExampleTests } from './testing/define-tests.ts';

const helps = await helpTexts();
const examples = await helpDocExamples();

describe('every --help teaches by example', () => {
  for (const h of helps) {
    it(`${h.source} prints (exit 0) and shows at least one example`, () => {
      expect(h.code).toBe(0);
      expect(examples.filter((e) => e.source === h.source).length).toBeGreaterThan(0);
    });
  }
});

describe('every --help example runs as the help says', () => {
  defineExampleTests(examples);
});
