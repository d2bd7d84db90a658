import { defineParameterType } from '@cucumber/cucumber';

/** "5, 1 and 3" -> [5, 1, 3] (plain-language lists of integers in fairness scenarios). */
defineParameterType({
  name: 'int-list',
  regexp: /\d+(?:(?:, ?| and )\d+)*/,
  transformer: (s: string) => s.split(/, ?| and /).map(Number),
});
