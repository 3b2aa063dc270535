import { searchPattern, searchTextOf } from '../../../../src/node/store/search-text.js';

describe('search text', () => {
  test('collects string and number leaves, lower-cased, not keys', () => {
    expect(searchTextOf({ Name: 'Red Bike', tags: ['Fast', { deep: 'X' }], size: 42, none: null })).toBe(
      'red bike\nfast\nx\n42',
    );
  });
  test('the pattern matches the query literally', () => {
    const pattern = searchPattern('A.B (c)*');
    expect(pattern).toBe('a\\.b \\(c\\)\\*');
    expect(new RegExp(pattern).test('xx a.b (c)* yy')).toBe(true);
    expect(new RegExp(pattern).test('axb (c)')).toBe(false);
  });
});
