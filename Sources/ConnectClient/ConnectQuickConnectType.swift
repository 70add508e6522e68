/// A quick connect's type (the model's `QuickConnectType`). One the model does not list yet is
/// kept as `other`, never acted on: a new type in the service must not stop a delete.
package enum ConnectQuickConnectType: Sendable, Hashable {
    case user, queue, phoneNumber, flow
    case other(String)

    package init(rawValue: String) {
        switch rawValue {
        case "USER": self = .user
        case "QUEUE": self = .queue
        case "PHONE_NUMBER": self = .phoneNumber
        case "FLOW": self = .flow
        default: self = .other(rawValue)
        }
    }

    package var rawValue: String {
        switch self {
        case .user: "USER"
        case .queue: "QUEUE"
        case .phoneNumber: "PHONE_NUMBER"
        case .flow: "FLOW"
        case .other(let text): text
        }
    }
}
