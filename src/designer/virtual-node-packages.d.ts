/** The node packages named at build time (scripts/vite-node-packages.ts, CRISPFLOW_NODE_PACKAGES). */
declare module 'virtual:crispflow-node-packages' {
  export const buildTimeNodePackages: Array<{ name: string; version?: string; module?: unknown; error?: string }>;
}
