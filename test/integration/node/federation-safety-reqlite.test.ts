// Federation safety on reqlite: see federation-safety-scenario.ts.
import { describeFederationSafety } from './federation-safety-scenario.js';

describeFederationSafety('reqlite');
