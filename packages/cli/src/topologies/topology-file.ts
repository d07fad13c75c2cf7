import { createTopologyInput, haConfigSchema, topologyDataSchema, type HaConfig, type TopologyData } from '@ocore/core';
import { z } from 'zod';
import { readJsonFile, type JsonReader } from '../shared/json-file.js';

/** What a topology file may hold besides the graph. */
export interface TopologyFile {
  topologyData: TopologyData;
  description?: string | null | undefined;
  haConfig?: Partial<HaConfig> | undefined;
}

// Strict, so that a misspelt key ("edgse", "haconfig") is named rather than ignored.
const bareFile = topologyDataSchema.strict().transform((topologyData): TopologyFile => ({ topologyData }));
const wrappedFile = z.strictObject({
  topologyData: topologyDataSchema.strict(),
  description: createTopologyInput.shape.description,
  haConfig: haConfigSchema.partial().strict().optional(),
});

/** Reads `{nodes, edges}` as the graph alone, and an object with `topologyData` as the longer form. */
const topologyFileReader: JsonReader<TopologyFile> = {
  safeParse: (json) => {
    const wrapped = typeof json === 'object' && json !== null && 'topologyData' in json;
    return wrapped ? wrappedFile.safeParse(json) : bareFile.safeParse(json);
  },
};

/**
 * The topology in `path`: `{nodes, edges}`, or `{topologyData: {nodes, edges},
 * description?, haConfig?}`. A usage error names the file and the field at fault.
 */
export function readTopologyFile(path: string): Promise<TopologyFile> {
  return readJsonFile(
    path,
    topologyFileReader,
    'a topology file ({nodes, edges} or {topologyData, description, haConfig})',
  );
}
