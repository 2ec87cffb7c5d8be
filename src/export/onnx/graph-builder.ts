/**
 * A small builder for ONNX graphs as plain ModelProto objects (field names as in onnx.proto3), which
 * onnx-proto.ts encodes. Numeric constants are stored as raw little-endian bytes, so doubles round-trip
 * exactly.
 */
import { AttrType, OnnxType, type OnnxElemType } from './onnx-proto.ts';

export const ML_DOMAIN = 'ai.onnx.ml';
/** Opsets every exported model imports (the ONNX 1.17 release: IR 10, ai.onnx 22, ai.onnx.ml 5). */
export const OPSETS = { 'ai.onnx': 22, 'ai.onnx.ml': 5 } as const;
export const IR_VERSION = 10;

export type AttrValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: ArrayLike<number> }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; value: TensorValue };

export interface TensorValue {
  type: OnnxElemType;
  dims: number[];
  /** Numbers for numeric types, strings for STRING. */
  data: ArrayLike<number> | readonly string[];
}

export interface GraphIo {
  name: string;
  type: OnnxElemType;
  /** A string is a symbolic dimension (the batch, "N"). */
  shape: Array<number | string>;
}

const utf8 = new TextEncoder();

function rawBytes(type: OnnxElemType, data: ArrayLike<number>): Uint8Array {
  const n = data.length;
  if (type === OnnxType.DOUBLE) return new Uint8Array(Float64Array.from(data).buffer);
  if (type === OnnxType.FLOAT) return new Uint8Array(Float32Array.from(data).buffer);
  if (type === OnnxType.UINT8) return Uint8Array.from(data);
  if (type === OnnxType.INT64) {
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = BigInt(data[i]);
    return new Uint8Array(out.buffer);
  }
  throw new Error(`Internal error: no raw encoding for ONNX type ${type}.`);
}

export function tensorProto(name: string, t: TensorValue): Record<string, unknown> {
  const base = { name, dims: t.dims, data_type: t.type };
  if (t.type === OnnxType.STRING) return { ...base, string_data: (t.data as readonly string[]).map((s) => utf8.encode(s)) };
  return { ...base, raw_data: rawBytes(t.type, t.data as ArrayLike<number>) };
}

function attributeProto(name: string, a: AttrValue): Record<string, unknown> {
  switch (a.kind) {
    case 'int':
      return { name, type: AttrType.INT, i: a.value };
    case 'ints':
      return { name, type: AttrType.INTS, ints: Array.from(a.value) };
    case 'float':
      return { name, type: AttrType.FLOAT, f: a.value };
    case 'string':
      return { name, type: AttrType.STRING, s: utf8.encode(a.value) };
    case 'strings':
      return { name, type: AttrType.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
    case 'tensor':
      return { name, type: AttrType.TENSOR, t: tensorProto('', a.value) };
  }
}

function valueInfo(io: GraphIo): Record<string, unknown> {
  const dim = io.shape.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d }));
  return { name: io.name, type: { tensor_type: { elem_type: io.type, shape: { dim } } } };
}

export class OnnxGraphBuilder {
  private readonly nodes: Record<string, unknown>[] = [];
  private readonly initializers: Record<string, unknown>[] = [];
  readonly inputs: GraphIo[] = [];
  readonly outputs: GraphIo[] = [];
  private counter = 0;

  /** A fresh internal value name; the "crispflow/" prefix keeps it apart from column names. */
  fresh(hint: string): string {
    return `crispflow/${hint}_${this.counter++}`;
  }

  input(io: GraphIo): string {
    this.inputs.push(io);
    return io.name;
  }

  output(io: GraphIo): void {
    this.outputs.push(io);
  }

  constant(hint: string, t: TensorValue): string {
    const name = this.fresh(hint);
    this.initializers.push(tensorProto(name, t));
    return name;
  }

  doubles(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(hint, { type: OnnxType.DOUBLE, dims, data: values });
  }

  int64s(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(hint, { type: OnnxType.INT64, dims, data: values });
  }

  /** Adds a node; returns its output names (`outputs` given, else one fresh name per `nOutputs`). */
  node(op: string, inputs: string[], o: { attrs?: Record<string, AttrValue>; domain?: string; outputs?: string[]; nOutputs?: number } = {}): string[] {
    const outputs = o.outputs ?? Array.from({ length: o.nOutputs ?? 1 }, () => this.fresh(op.toLowerCase()));
    const attribute = Object.entries(o.attrs ?? {}).map(([k, v]) => attributeProto(k, v));
    this.nodes.push({ op_type: op, domain: o.domain ?? '', name: this.fresh(`node_${op}`), input: inputs, output: outputs, attribute });
    return outputs;
  }

  /** One-output node. */
  op(op: string, inputs: string[], o: { attrs?: Record<string, AttrValue>; domain?: string; output?: string } = {}): string {
    return this.node(op, inputs, { attrs: o.attrs, domain: o.domain, outputs: o.output ? [o.output] : undefined })[0];
  }

  /** The ModelProto object, ready for encodeModelProto. */
  model(o: { graphName: string; docString: string; metadata: Record<string, string>; producerVersion: string }): Record<string, unknown> {
    return {
      ir_version: IR_VERSION,
      producer_name: 'crispflow',
      producer_version: o.producerVersion,
      doc_string: o.docString,
      opset_import: [
        { domain: '', version: OPSETS['ai.onnx'] },
        { domain: ML_DOMAIN, version: OPSETS['ai.onnx.ml'] },
      ],
      metadata_props: Object.entries(o.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: o.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
    };
  }
}
