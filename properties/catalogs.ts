/**
 * Registers every component's catalog. Each component adds one import line here
 * (its `properties/<component>/register.ts` calls registerComponent).
 */
export { allComponents, componentEntry } from './components.ts';
import './matching/register.ts';
import './sequencer/register.ts';
import './loq/register.ts';
import './net/register.ts';
import './fpga/register.ts';
import './fast/register.ts';
import './multicast/register.ts';
import './exchange/register.ts';
