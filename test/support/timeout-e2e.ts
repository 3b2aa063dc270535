import { jest } from '@jest/globals';

// The longest e2e test is `fedlab scenario all` (ten scenarios on fresh federations, about 17 min
// on this 2-core machine since membership-under-load joined them); the default must cover it.
jest.setTimeout(1_800_000);
