// Dev-only worker entry (tests run from src/ under Vitest): workers do not inherit tsx's loader,
// so register it here and import the TypeScript worker dynamically (a static import would be
// hoisted above register()).
import { register } from 'tsx/esm/api';

register();
const { default: handler } = await import('./fuzzWorker.ts');
export default handler;
