export { ModelVersions, type ModelVersionsProps } from './ModelVersions.tsx';
export { listModelVersions, recordModelVersions } from './model-store.ts';
