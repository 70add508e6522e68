#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The codes `LambdaRuntime.run` and `reportInitError` return, for the process to exit with.
package enum LambdaExitCode {
    /// The loop was cancelled (the process is being shut down on purpose).
    package static let stopped: Int32 = 0
    /// The Runtime API said the environment is broken (a 5xx), or answered what it never should.
    package static let runtimeAPIFailure: Int32 = 1
    /// `next` could not be exchanged after the allowed retries: the Runtime API is unreachable.
    package static let runtimeAPIUnreachable: Int32 = 2
    /// The function could not start (its initialisation error was reported).
    package static let initError: Int32 = 3
}
