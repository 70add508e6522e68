import AWSCore
import Foundation

/// `/_local/...`: what tests, benchmarks and people use to look inside and steer the stack.
/// Never signed, never throttled, never in the call log.
extension LocalStackApp {
    func admin(_ request: LocalRequest) async -> TransportResponse {
        let segments = Array(request.pathSegments.dropFirst())  // after "_local"
        let route = request.method + " " + segments.map { $0.isEmpty ? "" : $0 }.joined(separator: "/")
        switch route {
        case "GET health":
            return json(["status": "ok"])
        case "GET throttle":
            return json(throttle.plan)
        case "GET calls":
            return json(callLog.all)
        case "DELETE calls":
            callLog.reset()
            return TransportResponse(status: 204)
        case "GET instances":
            return json(instances)
        case "GET invocations":
            lambda.checkDeadlines()
            return json(lambda.invocations)
        case "GET init-errors":
            return json(lambda.initErrors)
        case "POST invoke":
            return json(["requestId": lambda.invoke(payload: request.body)])
        case "POST scheduled-event":
            return scheduledEvent(request.body)
        case "PUT faults":
            guard let settings = try? JSONDecoder().decode(FaultPlan.Settings.self, from: Data(request.body)) else {
                return message(400, "body must be fault settings JSON (see docs/LOCAL-STACK.md)")
            }
            faults.reconfigure(settings)
            return json(settings)
        case "PUT throttle":
            guard let plan = try? JSONDecoder().decode(ConnectThrottle.Plan.self, from: Data(request.body)) else {
                return message(400, """
                    body must be {\"ratePerSecond\": N, \"burst\": N, \"scope\": \"operation\" or \"shared\", \"operations\": {\"CreateUser\": \
                    {\"ratePerSecond\": N, \"burst\": N}}}, each member optional
                    """)
            }
            throttle.reconfigure(plan)
            return json(throttle.plan)
        default:
            break
        }
        // Paths with an id in them.
        if request.method == "GET", segments.count == 2, segments[0] == "users" {
            return json(connect.users(instanceID: segments[1]))
        }
        if request.method == "POST", segments.count == 3, segments[0] == "invocations", segments[2] == "redeliver" {
            guard let requestID = lambda.redeliver(eventOf: segments[1]) else {
                return message(404, "no delivered invocation with request id \(segments[1])")
            }
            return json(["requestId": requestID])
        }
        return message(404, "no admin path \(request.method) \(request.path)")
    }

    /// `POST /_local/scheduled-event` with an optional body `{"id": "...", "time":
    /// "2026-12-02T02:00:00Z", "rule": "name"}` (every member optional: a new id, now, the
    /// template's rule name): queues the EventBridge Scheduled Event an export schedule sends.
    private func scheduledEvent(_ body: [UInt8]) -> TransportResponse {
        struct Options: Decodable {
            var id: String?
            var time: String?
            var rule: String?
        }
        let trimmed = body.filter { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        guard let options = trimmed.isEmpty ? Options() : try? JSONDecoder().decode(Options.self, from: Data(body)) else {
            return message(400, "body must be {\"id\": \"...\", \"time\": \"2026-12-02T02:00:00Z\", \"rule\": \"...\"} (every member optional)")
        }
        var time = now()
        if let text = options.time {
            guard let parsed = ISO8601DateFormatter().date(from: text) else { return message(400, "time must be like 2026-12-02T02:00:00Z") }
            time = parsed
        }
        var record = ScheduledEventRecord(time: time, account: seed.accountID, region: seed.region)
        if let id = options.id { record.id = id }
        if let rule = options.rule { record.ruleName = rule }
        let requestID = lambda.invoke(payload: Array(record.json.utf8))
        return json(["requestId": requestID, "eventId": record.id, "event": record.json])
    }

    private func json<T: Encodable>(_ value: T) -> TransportResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)) ?? Data("null".utf8)
        return TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(body))
    }

    private func message(_ status: Int, _ text: String) -> TransportResponse {
        TransportResponse(status: status, headers: ["Content-Type": "application/json"],
                     body: Array("{\"message\":\(JSONText.quoted(text))}".utf8))
    }
}
