import Base
/// An error as the Runtime API takes it, for one invocation or for the initialisation.
///
/// Posted as `{"errorMessage":…,"errorType":…,"stackTrace":[…]}` with the type repeated in the
/// `Lambda-Runtime-Function-Error-Type` header. The message is for people reading the function's
/// result: it never carries the event payload.
package struct LambdaFunctionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A dotted category such as `Function.ConfigurationError` or `Runtime.InvalidInvocation`.
    package var errorType: String
    package var errorMessage: String
    package var stackTrace: [String]

    package init(errorType: String, errorMessage: String, stackTrace: [String] = []) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
    }

    package var description: String { "\(errorType): \(errorMessage)" }

    /// The function's own configuration is unusable (a required variable missing or invalid).
    package static func functionConfiguration(_ message: String) -> LambdaFunctionError {
        LambdaFunctionError(errorType: "Function.ConfigurationError", errorMessage: message)
    }

    /// The runtime's environment is unusable (Lambda's own variables).
    package static func runtimeConfiguration(_ message: String) -> LambdaFunctionError {
        LambdaFunctionError(errorType: "Runtime.InvalidConfiguration", errorMessage: message)
    }

    /// The Runtime API handed out an invocation the runtime cannot run (a header missing or invalid).
    static func invalidInvocation(_ message: String) -> LambdaFunctionError {
        LambdaFunctionError(errorType: "Runtime.InvalidInvocation", errorMessage: message)
    }

    /// What a handler's thrown error becomes: a `LambdaFunctionError` as it is; any other error
    /// typed by its Swift type name, with its `description` as the message.
    package init(reporting error: any Error) {
        if let error = error as? LambdaFunctionError {
            self = error
        } else {
            self.init(errorType: String(describing: type(of: error)), errorMessage: String(describing: error))
        }
    }

    /// The JSON body the Runtime API expects, members in a fixed order.
    package var json: [UInt8] {
        let trace = stackTrace.map(JSONText.quoted).joined(separator: ",")
        let text = "{\"errorMessage\":\(JSONText.quoted(errorMessage)),\"errorType\":\(JSONText.quoted(errorType)),\"stackTrace\":[\(trace)]}"
        return Array(text.utf8)
    }
}
