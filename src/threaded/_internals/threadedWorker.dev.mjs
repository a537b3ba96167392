// Dev-only entry (Vitest, tsx): workers do not inherit the TS loader, so register tsx first and
// import the real entry dynamically (a static import would be hoisted above register()).
import { register } from 'tsx/esm/api';
register();
const { default: handler } = await import('./threadedWorker.ts');
export default handler;
