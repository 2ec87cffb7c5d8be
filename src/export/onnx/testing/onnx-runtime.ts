/**
 * Test-only: scores an exported ONNX model with onnxruntime-web's WebAssembly backend in Node (the
 * onnxruntime-node package downloads its binaries at install time, which this project avoids). Never
 * imported by the CLI.
 */
import * as ort from 'onnxruntime-web';
import type { Table } from '../../../core/table/table.ts';
import type { GraphIo } from '../graph-builder.ts';
import { OnnxType } from '../onnx-proto.ts';

ort.env.wasm.numThreads = 1;

const dims = (io: GraphIo, n: number) => io.shape.map((d) => (typeof d === 'string' ? n : d));

/** The graph's input tensors for the rows of `table` (missing categories fed as ""). */
export function feedsFor(inputs: GraphIo[], table: Table): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const io of inputs) {
    const c = table.columns.find((x) => x.name === io.name);
    if (!c) throw new Error(`The table lacks the model input column "${io.name}".`);
    if (io.type === OnnxType.STRING) {
      if (c.type !== 'category') throw new Error(`Column "${io.name}" should be a category column.`);
      const values = Array.from(c.codes, (k) => (k < 0 ? '' : c.categories[k]));
      feeds[io.name] = new ort.Tensor('string', values, dims(io, table.nRows));
    } else {
      if (c.type === 'category' || c.type === 'text') throw new Error(`Column "${io.name}" should be numeric.`);
      feeds[io.name] = new ort.Tensor('float64', Float64Array.from(c.values), dims(io, table.nRows));
    }
  }
  return feeds;
}

export async function runOnnx(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}
