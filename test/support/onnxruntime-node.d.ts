// onnxruntime-node 1.20.1 ships without its index.d.ts; its API is onnxruntime-common's, re-exported.
declare module 'onnxruntime-node' {
    export * from 'onnxruntime-common';
}
