/**
 * ONNX ModelProto encoding with protobufjs, from reflection JSON built out of ONNX's own onnx.proto3
 * (copied beside this file; regenerate the JSON with generate-onnx-descriptor.ts). No hand-written wire
 * format: protobufjs checks and encodes every message.
 */
import protobuf from 'protobufjs';
import descriptor from './onnx-descriptor.json' with { type: 'json' };

/** TensorProto.DataType values used here (onnx.proto3). */
export const OnnxType = { FLOAT: 1, UINT8: 2, INT64: 7, STRING: 8, DOUBLE: 11 } as const;
export type OnnxElemType = (typeof OnnxType)[keyof typeof OnnxType];

/** AttributeProto.AttributeType values used here. */
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

let root: protobuf.Root | undefined;
function onnxRoot(): protobuf.Root {
  root ??= protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
  return root;
}

export function modelProtoType(): protobuf.Type {
  return onnxRoot().lookupType('onnx.ModelProto');
}

/** Encodes a plain ModelProto object (snake_case field names as in onnx.proto3); throws on a malformed one. */
export function encodeModelProto(model: Record<string, unknown>): Uint8Array {
  const type = modelProtoType();
  const problem = type.verify(model);
  if (problem) throw new Error(`Internal error: the ONNX model is malformed (${problem}).`);
  return type.encode(type.fromObject(model)).finish();
}

/** Decodes ONNX bytes back to a plain object (tests and the MLflow signature read the graph's inputs). */
export function decodeModelProto(bytes: Uint8Array): Record<string, unknown> {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
}
