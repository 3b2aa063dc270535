import { jest } from '@jest/globals';

jest.setTimeout(900_000);
