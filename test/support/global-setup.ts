/**
 * Vitest global setup of the moto test project: makes sure moto is installed (the pinned
 * `moto[server]` of requirements-dev.txt, in `.venv/`), starts one `moto_server` on a free local
 * port, provides its endpoint to the tests (`inject('motoEndpoint')`, see moto.ts) and stops it on
 * teardown. moto's state is global to the server: the project runs its files one at a time.
 */
import type { TestProject } from 'vitest/node';
import { startMotoServer } from '../../scripts/moto-server.js';
import { ensurePythonTools } from '../../scripts/python-tools.js';

/** Vitest global setup: one moto_server for the project's run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tools = await ensurePythonTools();
  const server = await startMotoServer(tools.bin('moto_server'));
  project.provide('motoEndpoint', server.endpoint);
  return () => server.stop();
}
