/** Errors that carry the HTTP status a route answers with, and the ones every layer raises. */

/** Errors that map to an HTTP status carry it; route handlers map by `status`, not instanceof (two module graphs). */
export class PulseboardError extends Error {
  constructor(
    message: string,
    readonly status: number = 400,
    readonly code: string = 'bad_request',
  ) {
    super(message);
    this.name = 'PulseboardError';
  }
}

export class UnsupportedGrainError extends PulseboardError {
  constructor(grain: string, engine: string) {
    super(`Time grain "${grain}" is not supported by the ${engine} dialect`, 400, 'unsupported_grain');
    this.name = 'UnsupportedGrainError';
  }
}

/** The reason an aborted query stopped: a timeout names itself (504), a caller going away is a cancel (499). */
export function abortError(signal: AbortSignal): PulseboardError {
  const reason = signal.reason as Error | undefined;
  if (reason?.name === 'TimeoutError') return new PulseboardError(reason.message, 504, 'timeout');
  return new PulseboardError('Query cancelled', 499, 'cancelled');
}
