/**
 * The node API handed to node packages (docs/extending.md). A package's entry may export a function
 * that receives this object, so a package in plain JavaScript needs no import from Crispflow and always
 * gets the host's own helpers, at the version its manifest asked for.
 */
import { NodeError } from './errors.ts';
import { defineNode } from './node-definition.ts';
import { param, withDefaults } from './params.ts';
import { cellValue, countMissing, findColumn, getColumn, isMissing, isNumericColumn, schemaOf, takeRows, withColumns, withColumnSchemas } from './table/table.ts';

/** The node-API version this Crispflow implements. A package's manifest names the one it needs. */
export const NODE_API_VERSION = '1';
/** Versions a package may ask for (a later API that still runs packages written for 1 adds itself here). */
export const SUPPORTED_NODE_API_VERSIONS: readonly string[] = ['1'];

export const nodeApi = {
  version: NODE_API_VERSION,
  defineNode,
  param,
  withDefaults,
  NodeError,
  table: { cellValue, countMissing, findColumn, getColumn, isMissing, isNumericColumn, schemaOf, takeRows, withColumns, withColumnSchemas },
} as const;

export type NodeApi = typeof nodeApi;
