/// One event the Runtime API handed out with `GET invocation/next`.
///
/// Only what the function uses: the client context and Cognito identity headers of mobile
/// invocations are not read.
package struct LambdaInvocation: Sendable, Equatable {
    /// `Lambda-Runtime-Aws-Request-Id`: names the invocation in the response and error paths.
    package var requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the function, in milliseconds since the
    /// Unix epoch (wall clock).
    package var deadlineMs: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`; empty if the Runtime API left it out.
    package var invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`, the X-Ray trace header; `nil` when tracing is off.
    package var traceID: String?
    /// The event, as sent (JSON for an S3 notification).
    package var payload: [UInt8]

    package init(requestID: String, deadlineMs: Int64, invokedFunctionARN: String, traceID: String?, payload: [UInt8]) {
        self.requestID = requestID
        self.deadlineMs = deadlineMs
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.payload = payload
    }
}
