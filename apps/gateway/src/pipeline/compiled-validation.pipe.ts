// The precompiled validation pipe is shared with every service (createService): it lives in libs/common.
export { compile, CompiledValidationPipe } from '@app/common/errors/compiled-validation.pipe';
