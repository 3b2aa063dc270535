/** Membership epochs on running nodes, on reqlite (membership-scenario.ts). */
import { membershipScenario } from './membership-scenario.js';

membershipScenario('reqlite');
