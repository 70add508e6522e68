/// One channel's ACW values as SearchUsers reported them, in a unit not known yet.
package struct ConnectReportedAfterContactWork: Sendable, Equatable, Codable {
    /// `AfterContactWorkConfig.AfterContactWorkTimeLimit`.
    package var limit: Int?
    /// VOICE only: `AgentFirstCallbackAfterContactWorkConfig.AfterContactWorkTimeLimit`.
    package var callbackLimit: Int?

    package init(limit: Int? = nil, callbackLimit: Int? = nil) {
        self.limit = limit
        self.callbackLimit = callbackLimit
    }

    var isZero: Bool { (limit ?? 0) == 0 && (callbackLimit ?? 0) == 0 }
}
