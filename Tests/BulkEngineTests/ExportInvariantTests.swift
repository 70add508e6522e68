import AWSCore
@testable import BulkEngine
import Foundation
import LocalStack
import S3Client
import Testing

/// The export on the real run layer, over the in-process local stack on a manual clock, with
/// the run layer's guarantees: every write failing in turn then a re-delivery, the same event
/// twice, parts, the schedule's re-delivery; each ends as the clean run (the same keys, the
/// same export, byte for byte).
@Suite struct ExportInvariantTests {
    static let trigger = "export/now"

    /// The clean run's state, its export and how many S3 writes it made.
    static func cleanRun() async throws -> (state: RunHarness.State, export: [UInt8], writes: Int) {
        let harness = try RunHarness()
        let record = try await harness.upload("", as: trigger)
        let counting = S3Faults(harness.transport, allowed: .max, mode: .before)
        let report = try await harness.runner(s3: counting).handle(record, invocation: harness.invocation("clean"), logger: harness.logger)
        #expect(report.status == .completed)
        #expect((report.rows, report.exported, report.failed) == (3, 3, 0))
        return (try await harness.state(), try await export(harness), counting.writesSeen)
    }

    static func export(_ harness: RunHarness) async throws -> [UInt8] {
        let s3 = try harness.s3(harness.transport)
        let keys = try await s3.listObjects(bucket: RunHarness.bucket, prefix: "exports/").map(\.key)
        #expect(keys.count == 1, "\(keys)")
        guard let key = keys.first else { return [] }
        return try await s3.getObject(bucket: RunHarness.bucket, key: key)
    }

    @Test func theCleanRunLeavesTheExportTheBakAndTheSummaryOnly() async throws {
        let clean = try await Self.cleanRun()
        #expect(clean.state.keys == ["export/now-<T>.csv.bak", "exports/agents-<T>.csv", "results/now-<T>.json"])
        #expect(clean.state.summaries == ["export/now completed rows 3 created 0 updated 0 unchanged 0 failed 0"])
        let text = String(decoding: clean.export, as: UTF8.self)
        #expect(clean.export.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(text.split(separator: "\r\n").count == 4)
        #expect(text.contains("\r\nAlex,Smith,asmith@example.com,,asmith,Sales Routing Profile,Agent|QualityAnalyst,desk,+12065550100,"))
    }

    /// The trigger is only a signal: whatever is in it (here 4 MiB), it is read with HEAD,
    /// never downloaded, and renamed to `.bak` as any input.
    @Test func theTriggersContentIsNeverRead() async throws {
        let harness = try RunHarness()
        let record = try await harness.upload(String(repeating: "x", count: 4 << 20), as: Self.trigger)
        harness.app.callLog.reset()
        let report = try await harness.runner().handle(record, invocation: harness.invocation("big"), logger: harness.logger)
        #expect((report.status, report.exported) == (.completed, 3))
        let reads = harness.app.callLog.all.filter { $0.service == "S3" && $0.operation == "GetObject" && $0.path?.hasSuffix("/now") == true }
        #expect(reads.isEmpty, "the trigger was downloaded: \(reads)")
        #expect(try await harness.state().keys == ["export/now-<T>.csv.bak", "exports/agents-<T>.csv", "results/now-<T>.json"])
    }

    @Test(arguments: [S3Faults.Mode.before, .after])
    func everyWriteFailureThenARedeliveryEndsAsTheCleanRun(_ mode: S3Faults.Mode) async throws {
        let clean = try await Self.cleanRun()
        for allowed in 0 ..< clean.writes {
            let harness = try await RunHarness.afterWriteFailure(allowed: allowed, mode: mode) { try await $0.upload("", as: Self.trigger) }
            let state = try await harness.state()
            #expect(state == clean.state, "after \(allowed) writes (\(mode)):\n\(state)\nclean:\n\(clean.state)")
            #expect(try await Self.export(harness) == clean.export, "after \(allowed) writes (\(mode))")
        }
    }

    @Test func theSameEventTwiceExportsOnce() async throws {
        let clean = try await Self.cleanRun()
        let harness = try RunHarness()
        let record = try await harness.upload("", as: Self.trigger)
        let first = try await harness.runner().handle(record, invocation: harness.invocation("a"), logger: harness.logger)
        let second = try await harness.runner().handle(record, invocation: harness.invocation("b"), logger: harness.logger)
        #expect(first.status == .completed && second.status == .missing)
        #expect(try await harness.state() == clean.state)
    }

    /// Two seconds an invocation: one user a part, each part's continuation starting the next.
    @Test func aShortInvocationExportsInPartsEveryUserOnce() async throws {
        let clean = try await Self.cleanRun()
        let harness = try RunHarness()
        var record = try await harness.upload("", as: Self.trigger)
        var parts: [RunReport] = []
        for part in 1 ... 10 {
            let report = try await harness.runner().handle(record, invocation: harness.invocation("part\(part)", seconds: 2),
                                                          logger: harness.logger)
            parts.append(report)
            guard report.status == .continued, let continuation = report.continuation else { break }
            #expect(InputRoute(key: continuation) == .export)
            record = S3Event.Record(eventName: "ObjectCreated:Put", bucket: RunHarness.bucket, key: continuation)
        }
        #expect(parts.map(\.status) == [.continued, .continued, .completed])
        #expect(parts.last?.parts == 3 && parts.last?.exported == 3)
        #expect(try await harness.state() == clean.state)
        #expect(try await Self.export(harness) == clean.export)
        #expect(harness.app.callLog.all.filter { $0.operation == "SearchUsers" }.count == 1)
        #expect(harness.app.callLog.all.filter { $0.operation == "DescribeUser" }.count == 3)
    }

    /// The owner freezes in its first DescribeUser, its lease goes stale, another invocation
    /// takes the export over and finishes it; when the first wakes it stops, and the export is
    /// the clean run's.
    @Test func aLostLeaseStopsTheLoserAndTheExportIsTheCleanOne() async throws {
        let clean = try await Self.cleanRun()
        let harness = try RunHarness()
        let record = try await harness.upload("", as: Self.trigger)
        let frozen = Gate()
        let writes = S3Faults(harness.transport, allowed: .max, mode: .before)
        // The ledger and the list of users go through; then every write waits at the gate.
        let loserS3 = GatedTransport(writes, gate: frozen) { $0.method != .GET && $0.method != .HEAD && writes.writesSeen >= 2 }
        let loserConnect = GatedTransport(harness.transport, gate: frozen) { $0.method == .GET && $0.url.contains("/users/") }
        let loser = Task {
            try await harness.runner(s3: loserS3, connect: loserConnect)
                .handle(record, invocation: harness.invocation("loser"), logger: harness.logger)
        }
        try await eventually("the loser to freeze in its first DescribeUser") { frozen.waiting == 1 }
        try await eventually("the loser's heartbeat to sleep") { harness.clock.sleeping == 1 }
        harness.clock.advance(by: .seconds(11))
        try await eventually("the loser's heartbeat to freeze") { frozen.waiting == 2 }
        let winner = try await harness.runner().handle(record, invocation: harness.invocation("winner"), logger: harness.logger)
        #expect(winner.status == .completed && winner.exported == 3)
        frozen.open()
        let lost = try await loser.value
        #expect(lost.status == .duplicate)
        #expect(try await Self.export(harness) == clean.export)
        // Beyond the clean run's keys, at most the chunk the loser wrote before its heartbeat
        // found the lease gone: under progress/, named by the users it covers, named in no
        // ledger (so never read), and expired with the retention. Its list of users is the
        // winner's, the same object.
        let keys = try await harness.state().keys
        #expect(keys.filter { !$0.hasPrefix("progress/") } == clean.state.keys)
        #expect(keys.filter { $0.hasPrefix("progress/") }.allSatisfy { $0.contains(".rows-") })
        #expect(keys.filter { $0.hasPrefix("progress/") }.count <= 1)
    }

    /// Amazon Connect cannot be read (DescribeInstance fails past its retries): no export, the
    /// request is renamed all the same and the summary says why and what to do.
    @Test func anInstanceThatCannotBeReadGivesNoExportAndSaysWhy() async throws {
        let harness = try RunHarness()
        let record = try await harness.upload("", as: Self.trigger)
        let failing = FailingTransport(base: harness.transport) { $0.url.contains("/instance/") }
        let report = try await harness.runner(connect: failing).handle(record, invocation: harness.invocation("a"), logger: harness.logger)
        #expect(report.status == .completed && report.export == nil && report.exported == 0)
        #expect(report.message?.contains("the export could not be made") == true)
        #expect(report.message?.contains("drop an object into export/ to try again") == true)
        #expect(try await harness.state().keys == ["export/now-<T>.csv.bak", "results/now-<T>.json"])
    }

    @Test func aScheduledEventExportsOnceHoweverOftenItComes() async throws {
        let harness = try RunHarness()
        let event = ScheduledEvent(id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", timeMs: 1_796_176_800_000)  // 2026-12-02T02:00:00Z
        let first = try await harness.runner().handle(scheduled: event, bucket: RunHarness.bucket, invocation: harness.invocation("a"),
                                                     logger: harness.logger)
        #expect(first.status == .completed && first.exported == 3)
        #expect(first.export == "exports/agents-20261202T020000.000Z.csv")
        let again = try await harness.runner().handle(scheduled: event, bucket: RunHarness.bucket, invocation: harness.invocation("b"),
                                                     logger: harness.logger)
        #expect(again.status == .duplicate)
        let state = try await harness.state()
        let job = JobLedger.jobID(key: "export/scheduled", version: event.id)
        #expect(state.keys == ["exports/agents-<T>.csv", "results/scheduled-\(job)-<T>.json"])
        // Another event (the next day's) is another export.
        let next = ScheduledEvent(id: "another", timeMs: event.timeMs + 86_400_000)
        let tomorrow = try await harness.runner().handle(scheduled: next, bucket: RunHarness.bucket, invocation: harness.invocation("c"),
                                                        logger: harness.logger)
        #expect(tomorrow.status == .completed && tomorrow.export == "exports/agents-20261203T020000.000Z.csv")
    }
}

/// A transport that answers the requests `when` picks with a broken connection.
final class FailingTransport: HTTPTransport {
    let base: any HTTPTransport
    let when: @Sendable (TransportRequest) -> Bool

    init(base: any HTTPTransport, when: @escaping @Sendable (TransportRequest) -> Bool) {
        self.base = base
        self.when = when
    }

    func execute(_ request: TransportRequest) async throws -> TransportResponse {
        if when(request) {
            throw TransportError(kind: .connectionReset, curlCode: 56, message: "injected", target: request.url)
        }
        return try await base.execute(request)
    }
}
