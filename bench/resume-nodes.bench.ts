/**
 * The resume-screening template at 1× and 10×, whole run and node by node (bench/template-nodes.ts).
 *   npm run bench resume-nodes             both sizes
 *   npm run bench resume-nodes 10x         only 100,000 resumes
 */
import type { Bench } from './harness.ts';
import { benchTemplateNodes } from './template-nodes.ts';

const bench: Bench = (record) => benchTemplateNodes('resume', process.argv[3] ?? '', record);
export default bench;
