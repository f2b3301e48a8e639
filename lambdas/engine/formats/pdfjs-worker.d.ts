/** pdfjs-dist ships no types for its worker module; the PDF reader only passes this through. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
