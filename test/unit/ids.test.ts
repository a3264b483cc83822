import { canonicalJson } from '../../core/ids';
test('canonical json equal for key orders', () => {
	expect(canonicalJson({ b: 1, a: 'x', c: undefined })).toBe(canonicalJson({ a: 'x', b: 1 }));
	expect(canonicalJson({ b: { y: 1, x: [2, { q: 1, p: 2 }] }, a: null })).toBe(canonicalJson({ a: null, b: { x: [2, { p: 2, q: 1 }], y: 1 } }));
	expect(canonicalJson({ a: 'x' })).toBe('{"a":"x"}');
});
