// Losing a node, on reqlite (the engine CI and the demo use): see liveness-scenario.ts.
import { describeLosingANode } from './liveness-scenario.js';

describeLosingANode('reqlite');
