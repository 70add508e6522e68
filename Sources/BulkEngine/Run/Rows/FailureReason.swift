import AWSCore
import ConnectClient

/// Why a call failed, in the words of a failure file ("user login 'jdoe' already exists in the
/// instance"), and as a short code for logs: a log line carries the code and the row's line,
/// never the reason, which can quote a cell or AWS's words about it.
package enum FailureReason {
    /// AWS's error code, or the transport failure's kind, for logs.
    package static func code(of error: any Error) -> String {
        switch error {
        case let error as AWSError: error.code
        case let error as TransportError: "transport.\(error.kind.rawValue)"
        case let error as ConnectClientError: error.code.rawValue
        default: String(describing: type(of: error))
        }
    }

    /// What a manager reads in the failure file about `error`, met by the row of `userLogin`.
    static func reason(for error: any Error, userLogin: String?) -> String {
        switch error {
        case let error as AWSError:
            switch error.connectCode {
            case .duplicateResource:
                return "user login \(SheetText.quoted(userLogin ?? "")) already exists in the instance (to change it, drop the row into update/)"
            case .limitExceeded, .serviceQuotaExceeded:
                return "the instance has reached its quota of users; ask AWS Support to raise 'Users per instance', then drop this file back"
            case .throttling, .tooManyRequests:
                return "Amazon Connect kept throttling after the configured retries; drop this file back later"
            case .accessDenied, .unrecognizedClient, .invalidSignature:
                return "Amazon Connect refused the function's credentials (\(error.code)): check the function's role and CONNECT_INSTANCE_ARN"
            case .resourceNotFound:
                return "Amazon Connect did not find something this row needs: \(error.message)"
            default:
                if error.statusCode >= 500 {
                    return "Amazon Connect failed (\(error.code)) after the configured retries; drop this file back to try again"
                }
                return "Amazon Connect refused the row (\(error.code)): \(error.message)"
            }
        case let error as TransportError:
            return "could not reach Amazon Connect (\(error.kind.rawValue): \(error.message)) after the configured retries; drop this file back to try again"
        case let error as ConnectClientError:
            if error.isUnreadableAnswer { return "\(unreadableAnswer(error)); drop this file back to try again" }
            return "the row could not be sent to Amazon Connect (its request could not be encoded)"
        case is CancellationError:
            return "the function was stopped before this row was done; drop this file back to try again"
        default:
            return "an unexpected failure stopped this row; drop this file back to try again"
        }
    }

    /// "Amazon Connect's answer could not be read (after 2 tries)".
    static func unreadableAnswer(_ error: ConnectClientError) -> String {
        "Amazon Connect's answer could not be read (after \(error.attempts) \(error.attempts == 1 ? "try" : "tries"))"
    }
}

