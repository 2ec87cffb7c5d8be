/**
 * The attrition template at 1× and 10×, whole run and node by node (bench/template-nodes.ts).
 *   npm run bench attrition-nodes          both sizes
 *   npm run bench attrition-nodes 10x      only 200,000 employees
 */
import type { Bench } from './harness.ts';
import { benchTemplateNodes } from './template-nodes.ts';

const bench: Bench = (record) => benchTemplateNodes('attrition', process.argv[3] ?? '', record);
export default bench;
