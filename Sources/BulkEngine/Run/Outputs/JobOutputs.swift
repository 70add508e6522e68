import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The outputs of a job, written once whatever stops and restarts in between: the report and
/// failure file (or plan file) are frozen in the ledger first, each step is recorded there when
/// done, and each write, done again, finds its own earlier result in place instead of writing a
/// copy. Every kind of job and the export end through it, as it is.
struct JobOutputs {
    let services: JobServices
    let keeper: LedgerKeeper
    let bucket: String
    let logger: JSONLogger

    var store: any ObjectStore { services.store }

    /// Every row has an outcome: freezes the report and the failure file, then writes them.
    func enterOutputs() async throws -> RunReport {
        let finished = services.time.nowMs
        let bucket = self.bucket
        let pace = services.pace
        keeper.update { ledger in
            var report = Self.report(of: ledger, bucket: bucket, status: .completed)
            var notes = ledger.notes
            if ledger.passwordsIgnored > 0 {
                let count = ledger.passwordsIgnored
                notes.append("""
                    \(count) password cell\(count == 1 ? " was" : "s were") ignored: Amazon Connect cannot change a password through its API (reset \
                    it in the Amazon Connect console)
                    """)
            }
            report.message = notes.isEmpty ? nil : notes.joined(separator: "; ")
            report.durationMs = Int(finished - ledger.startedAtMs)
            if ledger.isPlan {
                // A plan writes every row, with what it would do or why it would fail, in one
                // plan file (it drops into the real folder as it is); no failure file.
                report.plan = PlanSummary(ledger, pace: pace.ofJob(ledger))
                let failed = ledger.failures.map { (position: $0.position, record: CSVRecord(line: $0.line, fields: $0.fields), plan: $0.reason) }
                let planned = ledger.plans.map { (position: $0.position, record: CSVRecord(line: $0.line, fields: $0.fields), plan: $0.plan.text) }
                let rows = (failed + planned).sorted { $0.position < $1.position }.map { (record: $0.record, plan: $0.plan) }
                ledger.planCSV = String(decoding: AgentSheet.planFile(header: ledger.header, rows: rows), as: UTF8.self)
                ledger.report = report
                ledger.phase = .outputs
                return
            }
            ledger.report = report
            if !ledger.failures.isEmpty {
                let rows = ledger.failures.sorted { $0.position < $1.position }
                    .map { (record: CSVRecord(line: $0.line, fields: $0.fields), reason: $0.reason) }
                ledger.failureCSV = String(decoding: AgentSheet.failureFile(header: ledger.header, rows: rows), as: UTF8.self)
            }
            ledger.phase = .outputs
        }
        try await keeper.save()
        return try await writeOutputs()
    }

    /// The input is not the template: it is kept whole under `failed/` with the reason.
    func reject(_ message: String) async throws -> RunReport {
        let finished = services.time.nowMs
        let bucket = self.bucket
        keeper.update { ledger in
            var report = RunReport(bucket: bucket, input: ledger.input, status: .rejected, message: message)
            report.durationMs = Int(finished - ledger.startedAtMs)
            ledger.report = report
            ledger.phase = .outputs
        }
        try await keeper.save()
        return try await writeOutputs()
    }

    /// Failure file, then the input renamed (kept under `failed/` when rejected), continuations
    /// deleted, summary; then the ledger goes.
    func writeOutputs() async throws -> RunReport {
        let ledger = keeper.ledger
        guard var report = ledger.report else {
            throw OutputError(message: "the ledger of \(ledger.input) is in its outputs phase without a report")
        }
        let names = OutputNames(inputKey: ledger.input, at: Date(timeIntervalSince1970: Double(ledger.startedAtMs) / 1000))
        if let csv = ledger.failureCSV, report.failureFile == nil {
            report.failureFile = try await writeOnce(name: names.failureFile, body: Array(csv.utf8), contentType: "text/csv")
            keeper.update { $0.report = report }
            try await keeper.save()
        }
        if let csv = ledger.planCSV, report.planFile == nil {
            report.planFile = try await writeOnce(name: names.planFile, body: Array(csv.utf8), contentType: "text/csv")
            keeper.update { $0.report = report }
            try await keeper.save()
        }
        if ledger.processedInput == nil {
            let rejected = report.status == .rejected
            if let moved = try await copyOnce(from: ledger.input, eTag: ledger.inputETag,
                                              name: rejected ? names.rejectedInput : names.processedInput) {
                if rejected { report.failureFile = moved } else { report.processedInput = moved }
                keeper.update { ledger in
                    ledger.processedInput = moved
                    ledger.report = report
                }
                try await keeper.save()
            } else if try await store.headObject(bucket: bucket, key: ledger.input) != nil,
                      !(report.message ?? "").contains(Self.replacedNote) {
                // Another upload under the same name: left in place for its own event.
                report.message = [report.message, Self.replacedNote].compactMap { $0 }.joined(separator: "; ")
                keeper.update { $0.report = report }
                try await keeper.save()
            }
        }
        if keeper.ledger.processedInput != nil {
            try await deleteOnce(ledger.input, eTag: ledger.inputETag)
        }
        for continuation in ledger.continuations {
            try await store.deleteObject(bucket: bucket, key: continuation)
        }
        // The summary does not name itself.
        report.summary = try await writeOnce(name: names.summary, body: Self.json(report), contentType: "application/json")
        try await keeper.finish()
        logger.info("summary", [
            "input": .string(report.input), "status": .string(report.status.rawValue), "rows": .int(report.rows),
            "created": .int(report.created), "updated": .int(report.updated), "unchanged": .int(report.unchanged),
            "deleted": .int(report.deleted),
            "failed": .int(report.failed), "planned": .int(report.planned), "parts": .int(report.parts), "apiCalls": .int(report.apiCalls),
            "retries": .int(report.retries), "throttled": .int(report.throttled), "durationMs": .int(report.durationMs),
            "pace": .string(LanePace.text(report)),
        ])
        return report
    }

    /// Writes `body` under the first free name (`name(1)`, `name(2)`...), or finds it already
    /// there from an earlier attempt; returns the key. Nothing is ever overwritten.
    func writeOnce(name: (Int) -> String, body: [UInt8], contentType: String) async throws -> String {
        for attempt in 1...50 {
            do {
                try await store.putObject(bucket: bucket, key: name(attempt), body: body, contentType: contentType, condition: .ifAbsent)
                return name(attempt)
            } catch where error.isPreconditionFailed || error.isConditionalConflict {
                if (try? await store.getObject(bucket: bucket, key: name(attempt))) == body { return name(attempt) }
            }
        }
        throw OutputError(message: "no free name for \(name(1)) after 50 tries")
    }

    static let replacedNote = """
        the input was uploaded again under the same name before this job renamed it: the new upload was left in place, and its own event processes it
        """

    /// Copies `key` to the first free name while `key` is still version `eTag`, the job's own
    /// upload (`x-amz-copy-source-if-match`), or finds it already copied there; returns the new
    /// key, or nil when `key` is gone or is another upload now (which its own event processes:
    /// a manager who drops a corrected file under the same name mid-job loses nothing).
    func copyOnce(from key: String, eTag: String, name: (Int) -> String) async throws -> String? {
        for attempt in 1...50 {
            do {
                try await store.copyObject(bucket: bucket, sourceKey: key, key: name(attempt), ifNoneMatch: true, sourceETag: eTag)
                return name(attempt)
            } catch where error.isPreconditionFailed || error.isConditionalConflict {
                // Either the name is taken (by this copy, done before, or by another object)
                // or the input is no longer the job's.
                if try await store.headObject(bucket: bucket, key: name(attempt))?.eTag == eTag { return name(attempt) }
                guard try await store.headObject(bucket: bucket, key: key)?.eTag == eTag else { return nil }
            } catch where error.isNoSuchKey {
                return nil
            }
        }
        throw OutputError(message: "no free name for \(name(1)) after 50 tries")
    }

    /// Deletes the input only if it is still the version that was copied (`If-Match`, which
    /// S3 honours on general purpose buckets): an upload under the same name since the copy
    /// stays, for its own event. Gone already (an earlier attempt) is done.
    func deleteOnce(_ key: String, eTag: String) async throws {
        do {
            try await store.deleteObject(bucket: bucket, key: key, ifMatch: eTag)
        } catch where error.isNoSuchKey {
            return
        } catch where error.isPreconditionFailed || error.isConditionalConflict {
            logger.info("input kept", ["key": .string(key), "reason": .string("uploaded again after it was renamed")])
        }
    }

    struct OutputError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func json(_ report: RunReport) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array((try? encoder.encode(report)) ?? Data())
    }

    /// The job's counts so far as a report.
    static func report(of ledger: JobLedger, bucket: String, status: RunReport.Status) -> RunReport {
        var report = RunReport(bucket: bucket, input: ledger.input, status: status)
        report.counts = ledger.counts
        report.parts = ledger.part
        report.lanes = RunReport.LaneReport.of(ledger.lanes)
        report.accountGate = ledger.accountGate.map { GateCounts(engagements: $0.engagements, finalRate: $0.finalRate.map(RunReport.rounded)) }
        report.afterContactWork = ledger.afterContactWork
        report.pace = LanePace.used(ledger)
        report.quotasNotRead = ledger.quotas?.failure
        return report
    }
}
