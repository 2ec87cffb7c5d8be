/**
 * Regenerates onnx-descriptor.json (protobufjs reflection JSON) from the copied onnx.proto3:
 *   npx tsx src/export/onnx/generate-onnx-descriptor.ts
 * The CLI bundle then needs no .proto parser or file read at run time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const text = readFileSync(path.join(here, 'onnx.proto3'), 'utf8');
const root = protobuf.parse(text, { keepCase: true }).root;
writeFileSync(path.join(here, 'onnx-descriptor.json'), JSON.stringify(root.toJSON(), null, 1) + '\n');
