@testable import BulkEngine
import AWSCore
import Foundation
import Synchronization
import TestSupport
import Testing

/// The summary's `lanes` and `accountGate` against what the server saw: each operation's
/// calls and 429s, across parts, for a row job and for an export.
@Suite(.timeLimit(.minutes(1)))
struct SummaryLanesTests {
    /// A Connect wire that answers 429 `ThrottlingException` to the requests `throttle` picks
    /// (by operation and the request's number within it, from 1), before they reach the stack,
    /// and counts every request by operation as the server would.
    final class ThrottlingWire: HTTPTransport, Sendable {
        let base: any HTTPTransport
        let throttle: @Sendable (_ operation: String, _ number: Int) -> Bool
        private let seen = Mutex([String: LaneCounts]())

        init(_ base: any HTTPTransport, throttle: @escaping @Sendable (String, Int) -> Bool) {
            self.base = base
            self.throttle = throttle
        }

        /// Each operation's requests and 429s so far.
        var counts: [String: LaneCounts] { seen.withLock { $0 } }

        func execute(_ request: TransportRequest) async throws -> TransportResponse {
            let operation = request.operation ?? "Other"
            let refused = seen.withLock { seen -> Bool in
                seen[operation, default: LaneCounts()].calls += 1
                guard throttle(operation, seen[operation, default: LaneCounts()].calls) else { return false }
                seen[operation, default: LaneCounts()].throttled += 1
                return true
            }
            guard refused else { return try await base.execute(request) }
            return TransportResponse(status: 429, headers: ["Content-Type": "application/json", "x-amzn-ErrorType": "ThrottlingException"],
                                body: Array(#"{"message":"Rate exceeded"}"#.utf8))
        }
    }

    /// A runner as one execution environment has it, its Connect calls through lanes of 10 ms
    /// (on a clock whose sleeps take no time) and `wire`.
    static func runner(_ harness: RunHarness, wire: ThrottlingWire) throws -> JobRunner {
        let metrics = RunMetrics()
        let lanes = Lanes(defaults: LaneSettings(interval: .milliseconds(10)), time: ImmediateClock(startMs: harness.clock.nowMs))
        return JobRunner(connect: try harness.connect(PacedTransport(wire, lanes: lanes, metrics: metrics)), store: try harness.s3(harness.transport),
                         instanceID: RunHarness.instanceID, metrics: metrics, time: harness.clock)
    }

    /// The report's lanes as counts by operation (rates left out).
    static func counts(_ report: RunReport) -> [String: LaneCounts] {
        Dictionary(uniqueKeysWithValues: (report.lanes ?? []).map { ($0.operation, LaneCounts(calls: $0.calls, throttled: $0.throttled)) })
    }

    /// Twelve new agents with proficiencies: a CreateUser and an AssociateUserProficiencies each.
    static let agents: String = {
        var csv = "first name,last name,user login,password,routing profile name,security_profile_name_1|security_profile_name_2,"
            + "phone type (soft/desk),proficiencies\n"
        for index in 1...12 {
            csv += "Agent,Number\(index),agent\(index),F@keP@ssw0rd,Basic Routing Profile,Agent,soft,Language:English:\(index % 5 + 1)\n"
        }
        return csv
    }()

    /// 429s on two operations, in a job of twelve parts (one row each): the summary's lanes are
    /// the server's counts, and the account gate says it engaged.
    @Test func aJobInPartsReportsEachLaneAsTheServerSawItAndTheGate() async throws {
        let harness = try RunHarness()
        let wire = ThrottlingWire(harness.transport) { operation, number in
            (operation == "CreateUser" && [2, 3].contains(number)) || (operation == "AssociateUserProficiencies" && number == 2)
        }
        let runner = try Self.runner(harness, wire: wire)
        var record = try await harness.upload(Self.agents, as: "create/agents.csv")
        var report: RunReport?
        for part in 1...20 {
            let done = try await runner.handle(record, invocation: harness.invocation("part\(part)", seconds: 2), logger: harness.logger)
            guard done.status == .continued, let continuation = done.continuation else {
                report = done
                break
            }
            record = S3Event.Record(eventName: "ObjectCreated:Put", bucket: RunHarness.bucket, key: continuation)
        }
        let final = try #require(report)
        #expect(final.status == .completed && final.created == 12 && final.parts >= 3, "\(final)")
        let server = wire.counts
        #expect(server["CreateUser"] == LaneCounts(calls: 14, throttled: 2))
        #expect(server["AssociateUserProficiencies"] == LaneCounts(calls: 13, throttled: 1))
        #expect(Self.counts(final) == server, "the summary's lanes against the server's counts")
        #expect(final.apiCalls == server.values.reduce(0) { $0 + $1.calls })
        #expect(final.throttled == 3)
        #expect(final.lanes?.allSatisfy { $0.finalRate != nil } == true, "every lane is paced and says its rate")
        let gate = try #require(final.accountGate, "429s from two operations engage the account gate")
        #expect(gate.engagements >= 1)

        // In the summary as written to the bucket.
        let summary = try #require(final.summary)
        let written = try JSONDecoder().decode(RunReport.self, from: Data(try await harness.s3(harness.transport).getObject(bucket: RunHarness.bucket,
                                                                                                                            key: summary)))
        #expect(written.lanes == final.lanes && written.accountGate == final.accountGate)
    }

    /// Without 429s on two operations the gate never engages and the summary leaves it out.
    @Test func aQuietJobHasNoGateInItsSummary() async throws {
        let harness = try RunHarness()
        let wire = ThrottlingWire(harness.transport) { operation, number in operation == "CreateUser" && number == 1 }
        let report = try await Self.runner(harness, wire: wire).handle(try await harness.upload(Self.agents, as: "create/agents.csv"),
                                                                       invocation: harness.invocation("one"), logger: harness.logger)
        #expect(report.created == 12)
        #expect(Self.counts(report) == wire.counts)
        #expect(report.accountGate == nil)
    }

    /// An export's summary has its lanes too: its reads by operation, as the server saw them.
    @Test func anExportReportsItsLanes() async throws {
        let harness = try RunHarness()
        let wire = ThrottlingWire(harness.transport) { operation, number in operation == "DescribeUser" && number == 2 }
        let report = try await Self.runner(harness, wire: wire).handle(try await harness.upload("", as: "export/now"),
                                                                       invocation: harness.invocation("export"), logger: harness.logger)
        #expect(report.status == .completed && report.exported > 0, "\(report)")
        let server = wire.counts
        #expect(server["DescribeUser"]?.throttled == 1)
        #expect(Self.counts(report) == server)
        #expect(report.apiCalls == server.values.reduce(0) { $0 + $1.calls })
    }
}
