import AWSCore
import Foundation

/// The JSON of an EventBridge "Scheduled Event", member for member as EventBridge sends it to
/// a rule's Lambda target (a rule with a `rate()` or `cron()` schedule):
/// `{"version":"0","id":…,"detail-type":"Scheduled Event","source":"aws.events","account":…,
/// "time":"2026-12-02T02:00:00Z","region":…,"resources":["arn:aws:events:…:rule/<name>"],"detail":{}}`.
///
/// `time` is the scheduled moment, to the second, as EventBridge writes it. The local stack
/// has no schedule of its own: `POST /_local/scheduled-event` sends one such event through the
/// Runtime API, as the rule would at its time (and `/_local/invocations/<id>/redeliver` sends
/// the same event again, as EventBridge's and Lambda's retries do).
public struct ScheduledEventRecord: Codable, Sendable, Equatable {
    public var id: String
    public var time: Date
    public var account: String
    public var region: String
    public var ruleName: String

    public init(id: String = UUID().uuidString.lowercased(), time: Date, account: String, region: String,
                ruleName: String = "connect-agents-bulk-export-schedule") {
        self.id = id
        self.time = time
        self.account = account
        self.region = region
        self.ruleName = ruleName
    }

    public var ruleARN: String { "arn:aws:events:\(region):\(account):rule/\(ruleName)" }

    public var json: String {
        let q: (String) -> String = JSONText.quoted
        let whole = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        return #"{"version":"0","id":\#(q(id)),"detail-type":"Scheduled Event","source":"aws.events","#
            + #""account":\#(q(account)),"time":\#(q(UTCDateTime(whole).rfc3339)),"region":\#(q(region)),"#
            + #""resources":[\#(q(ruleARN))],"detail":{}}"#
    }
}
