/** Issue 16: epoch changes never strand a block, on reqlite (epoch-drain-scenario.ts). */
import { epochDrainScenario } from './epoch-drain-scenario.js';

epochDrainScenario('reqlite');
