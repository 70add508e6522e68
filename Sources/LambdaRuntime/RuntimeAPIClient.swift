/// The four calls of the Lambda Runtime API, as the runtime loop needs them.
///
/// The seam the loop is generic over: `CurlRuntimeAPIClient` is the real one, tests pass
/// scripted ones. Implementations throw `RuntimeAPIError` for a status the API should not have
/// answered, and the transport's errors when no answer came at all.
package protocol RuntimeAPIClient: Sendable {
    /// Waits, without a time limit, for the next invocation.
    func next() async throws -> LambdaInvocation
    /// Posts the handler's result for `requestID`.
    func respond(requestID: String, body: [UInt8]) async throws
    /// Posts the handler's failure for `requestID`.
    func fail(requestID: String, error: LambdaFunctionError) async throws
    /// Reports that the function could not start; the process exits afterwards.
    func initError(_ error: LambdaFunctionError) async throws
}
