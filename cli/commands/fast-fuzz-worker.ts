/**
 * Worker thread of `fairwire fuzz fast --jobs N`: makes the cases it is asked for (by index) and
 * decodes them with the reference, so that generation runs beside the judge and the subject.
 * In: a case index. Out: {index, prepared} or {index, error}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareCase, templateSource, type CaseRecipe } from './fast-fuzz-cases.ts';

const recipe = workerData as CaseRecipe;
const source = templateSource(recipe);

parentPort!.on('message', (index: number) => {
  try {
    const prepared = prepareCase(source, recipe, index);
    // The template set stays here (its maps and model objects do not cross threads).
    const { case: c } = prepared;
    const plain = c ? { ...c, set: undefined } : null;
    parentPort!.postMessage({ index, prepared: { ...prepared, case: plain } });
  } catch (err) {
    parentPort!.postMessage({ index, error: (err as Error)?.stack ?? String(err) });
  }
});
