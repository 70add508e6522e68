#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process-wide things the runtime touches, each the default of an injectable parameter.
package enum LambdaEnvironment {
    /// The name the X-Ray SDKs read the current trace header from.
    package static let traceIDVariable = "_X_AMZN_TRACE_ID"

    /// One environment variable of this process.
    @Sendable package static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Sets `_X_AMZN_TRACE_ID` to the invocation's trace header, or removes it when there is none,
    /// so a trace never leaks from one invocation into the next. Called between invocations,
    /// before the handler runs, while no other code of this runtime reads the environment.
    @Sendable package static func setTraceID(_ traceID: String?) {
        if let traceID {
            setenv(traceIDVariable, traceID, 1)
        } else {
            unsetenv(traceIDVariable)
        }
    }
}
