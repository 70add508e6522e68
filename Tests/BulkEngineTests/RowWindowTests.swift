import AWSCore
@testable import BulkEngine
import Foundation
import LocalStack
import Synchronization
import TestSupport
import Testing

/// The window of rows in flight (issue 16): rows are carried out side by side, and their
/// outcomes are settled in file order, so the ledger's `next` is always the settled prefix.
@Suite(.timeLimit(.minutes(1)))
struct RowWindowTests {
    /// How long a wait for another task may take in real time: the whole suite runs in
    /// parallel on two cores in CI, where 5 s (the harness's default) timed out once.
    static let patience = Duration.seconds(20)

    /// Whether `request` is the CreateUser of `login`.
    static func isCreate(_ request: TransportRequest, of login: String) -> Bool {
        request.method == .PUT && request.url.contains("/users/")
            && String(decoding: request.body, as: UTF8.self).contains("\"\(login)\"")
    }

    /// The ledger as it is in the bucket once the keeper's next heartbeat has written it.
    static func ledgerAfterHeartbeat(_ harness: RunHarness) async throws -> JobLedger {
        let s3 = try harness.s3(harness.transport)
        func read() async throws -> JobLedger? {
            guard let key = try await s3.listObjects(bucket: RunHarness.bucket, prefix: "progress/").first?.key else { return nil }
            return try JSONDecoder().decode(JobLedger.self, from: Data(try await s3.getObject(bucket: RunHarness.bucket, key: key)))
        }
        let before = try await read()?.heartbeatMs
        try await eventually("the heartbeat to sleep", within: Self.patience) { harness.clock.sleeping >= 1 }
        harness.clock.advance(by: LedgerKeeper.heartbeat)
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            if let ledger = try await read(), ledger.heartbeatMs != before { return ledger }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw HarnessTimeout(what: "the heartbeat's write")
    }

    /// The first row's CreateUser is held while every later row finishes: nothing is settled
    /// past it (no count, no failure, `next` 0); once it goes, the run ends as a clean one, the
    /// failure file in file order.
    @Test func aRowHeldAtItsCallHoldsBackTheSettlingOfLaterRows() async throws {
        let clean = try await RunInvariantTests.cleanRun()
        let harness = try RunHarness()
        let record = try await harness.upload(RunHarness.agents)
        let held = Gate()
        let connect = GatedTransport(harness.transport, gate: held) { Self.isCreate($0, of: "rroe") }
        let run = Task {
            try await harness.runner(connect: connect).handle(record, invocation: harness.invocation("held"), logger: harness.logger)
        }
        try await eventually("rroe's CreateUser to be held", within: Self.patience) { held.waiting == 1 }
        // mjackson, mmajor and jdoe (refused: it exists) have had their answers.
        try await eventually("the later rows' CreateUser", within: Self.patience) {
            harness.app.callLog.all.filter { $0.operation == "CreateUser" }.count == 3
        }
        let ledger = try await Self.ledgerAfterHeartbeat(harness)
        #expect(ledger.next == 0)
        #expect((ledger.created, ledger.failed) == (0, 0))
        #expect(ledger.failures.isEmpty)

        held.open()
        let report = try await run.value
        #expect(report.status == .completed)
        #expect((report.rows, report.created, report.failed) == (5, 3, 2))
        #expect(try await harness.state() == clean.state)
    }

    /// A window of two; mmajor's CreateUser (the fourth row) is held and jdoe's after it
    /// finishes; the process then dies (its writes never land). The ledger says rows 0 to 2
    /// are settled; the retry redoes only the rows that were in the window (mmajor, jdoe) and
    /// ends as the clean run.
    @Test func aKillMidWindowRedoesOnlyTheRowsInFlight() async throws {
        let clean = try await RunInvariantTests.cleanRun()
        let harness = try RunHarness()
        let record = try await harness.upload(RunHarness.agents)
        let held = Gate()
        let dead = Mutex(false)
        let connect = GatedTransport(harness.transport, gate: held) { Self.isCreate($0, of: "mmajor") }
        let s3 = GatedTransport(harness.transport, gate: held) { request in
            request.method != .GET && request.method != .HEAD && dead.withLock { $0 }
        }
        let loser = Task {
            try await harness.runner(s3: s3, connect: connect, window: 2)
                .handle(record, invocation: harness.invocation("loser"), logger: harness.logger)
        }
        try await eventually("mmajor's CreateUser to be held", within: Self.patience) { held.waiting == 1 }
        try await eventually("jdoe's CreateUser", within: Self.patience) {
            harness.app.callLog.all.filter { $0.operation == "CreateUser" }.count == 3  // rroe, mjackson, jdoe
        }
        let ledger = try await Self.ledgerAfterHeartbeat(harness)
        #expect(ledger.next == 3)
        #expect((ledger.created, ledger.failed) == (2, 1))  // rroe, mjackson; the typo

        dead.withLock { $0 = true }  // the process is gone: nothing it writes lands any more
        try await eventually("the loser's heartbeat to sleep", within: Self.patience) { harness.clock.sleeping >= 1 }
        harness.clock.advance(by: .seconds(11))
        try await eventually("the loser's heartbeat to freeze", within: Self.patience) { held.waiting == 2 }
        let retry = try await harness.runner().handle(record, invocation: harness.invocation("retry"), logger: harness.logger)
        #expect(retry.status == .completed)
        let creates = harness.app.callLog.all.filter { $0.operation == "CreateUser" }.count
        #expect(creates == 5, "rroe, mjackson, jdoe by the loser; mmajor and jdoe again by the retry")
        #expect(try await harness.state() == clean.state)

        held.open()
        #expect(try await loser.value.status == .duplicate)
    }
}
