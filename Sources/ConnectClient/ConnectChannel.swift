/// Amazon Connect's channels (the model's `Channel`). A coding key, so that a dictionary by
/// channel encodes as a JSON object whose keys sort: the same users, the same bytes (an export's
/// stored list of users is named by its digest).
package enum ConnectChannel: String, Sendable, CaseIterable, Hashable, Codable, CodingKeyRepresentable {
    case voice = "VOICE", chat = "CHAT", task = "TASK", email = "EMAIL"
}
