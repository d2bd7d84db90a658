import { describe, expect, it } from 'vitest';
import { explainSafely, explanationLines } from './explanation.ts';

describe('explanation helpers', () => {
  it('renders the summary, details and a timeline with highlighted entries marked', () => {
    expect(explanationLines({ summary: 's', details: ['d'], timeline: [{ at: 5, where: 'P1', what: 'x', highlight: true }, { at: 12, where: 'root', what: 'y' }] })).toEqual([
      's',
      'd',
      'timeline:',
      '  >        5  P1           x',
      '          12  root         y',
    ]);
  });

  it('turns a failing explainer into a visible line instead of a crash', () => {
    const e = explainSafely(() => {
      throw new Error('boom');
    });
    expect(e?.summary).toBe('(no explanation: the explainer failed — a fairwire bug: boom)');
    expect(explainSafely(() => undefined)).toBeUndefined();
  });
});
