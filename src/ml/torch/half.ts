/** float16/bfloat16 conversions, shared with numpy: they live in the wire layer. */
export { bfloat16ToNumber, halfToNumber, numberToBfloat16, numberToHalf, widen16 } from '../../wire/float16.js';
