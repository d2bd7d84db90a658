import { makeDictionaryRef } from '../../reference/fast/template-set.ts';
import { fastMutant, mapOperators } from './fast-mutant-support.ts';

/** One 'template' dictionary for the whole set instead of one per template (§6.3.1). */
export const fastTemplateDictionaryShared = fastMutant(
  'fast-template-dictionary-shared',
  "the 'template' dictionary scope is shared across templates: a key used in two templates is one entry",
  ['fast.decode.equivalence'],
  {
    transformSet: (set) =>
      mapOperators(set, (op) => (op.dictionary?.scope === 'template' ? { ...op, dictionary: makeDictionaryRef('template', '', op.dictionary.key) } : op)),
  },
);
