/**
 * Registers every component's catalog. Each component adds one import line here
 * (its `properties/<component>/register.ts` calls registerComponent).
 */
export { allComponents, componentEntry } from './components.ts';
