/**
 * A template the FPGA model cannot compile: names the template and the field, so that nothing
 * unsupported ever reaches the engine (and so never decodes wrongly).
 */
export class FpgaCompileError extends Error {
  override readonly name = 'FpgaCompileError';
  constructor(
    readonly template: string,
    readonly field: string | undefined,
    reason: string,
  ) {
    super(`template "${template}"${field === undefined ? '' : `, field "${field}"`}: ${reason}`);
  }
}
