import AWSCore
import ConnectClient
import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One invocation's work: every record of an S3 event, each input file to its end or to the
/// point where the invocation's time runs short.
///
/// For a `create/*.csv` or `update/*.csv`: take the file's lease (its `JobLedger`), read it,
/// check every row before any call (an invalid row costs no API budget), look up the
/// instance's names once, then create or change each valid user, recording each row's outcome
/// in the ledger. When every row has an outcome, write the rows that did not succeed to
/// `failed/`, rename the input to `.bak` and write a summary; when time runs short first,
/// hand the rows left to a continuation object that S3 starts a fresh invocation for.
public struct BulkJob: Sendable {
    let connect: any ConnectAPI
    let store: any ObjectStore
    let instanceID: String
    let metrics: RunMetrics
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void

    public init(connect: any ConnectAPI, store: any ObjectStore, instanceID: String, metrics: RunMetrics,
                now: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.connect = connect
        self.store = store
        self.instanceID = instanceID
        self.metrics = metrics
        self.now = now
        self.sleep = sleep
    }

    var nowMs: @Sendable () -> Int64 {
        let now = self.now
        return { Int64((now().timeIntervalSince1970 * 1000).rounded(.down)) }
    }

    /// Handles every record of the event; one report per record, in order.
    public func handle(event: S3Event, invocation: InvocationBudget, logger: Logger) async throws -> [RunReport] {
        var reports: [RunReport] = []
        for record in event.records {
            reports.append(try await handle(record, invocation: invocation, logger: logger))
        }
        return reports
    }

    public func handle(_ record: S3Event.Record, invocation: InvocationBudget, logger: Logger) async throws -> RunReport {
        let key = record.key
        let route = InputRoute(key: key)
        if case .ignore(let reason) = route {
            logger.info("ignored", ["bucket": .string(record.bucket), "key": .string(key), "reason": .string(reason)])
            return RunReport(bucket: record.bucket, input: key, status: .ignored, message: reason)
        }
        let job: String
        if let continuation = JobLedger.parseContinuation(key),
           try await LedgerKeeper.read(store: store, bucket: record.bucket, job: continuation.job) != nil {
            job = continuation.job
        } else if let version = record.sequencer ?? record.eTag {
            job = JobLedger.jobID(key: key, version: version)
        } else if let info = try await store.headObject(bucket: record.bucket, key: key) {
            job = JobLedger.jobID(key: key, version: info.eTag)
        } else {
            return missing(record.bucket, key, logger: logger)
        }
        return try await run(job: job, record: record, route: route, invocation: invocation, logger: logger)
    }

    /// Takes the job's lease (creating its ledger, taking over a stale one, or waiting for a
    /// live owner to finish), then works on it.
    func run(job: String, record: S3Event.Record, route: InputRoute, invocation: InvocationBudget,
             logger: Logger) async throws -> RunReport {
        let bucket = record.bucket, key = record.key
        var waited = false
        while true {
            guard let (ledger, eTag) = try await LedgerKeeper.read(store: store, bucket: bucket, job: job) else {
                // A new job. Read the input first: a file already processed is gone.
                let input: StoredObject
                do {
                    input = try await store.object(bucket: bucket, key: key)
                } catch where error.isNoSuchKey {
                    return waited ? duplicate(bucket, key, "another invocation processed this file", logger: logger)
                        : missing(bucket, key, logger: logger)
                }
                if let expected = record.eTag, expected != input.eTag {
                    let message = "the object was replaced after this event was sent; the event of the new upload processes it"
                    logger.info("stale event", ["key": .string(key)])
                    return RunReport(bucket: bucket, input: key, status: .ignored, message: message)
                }
                let fresh = JobLedger(job: job, input: key, inputETag: input.eTag, startedAtMs: nowMs(), owner: invocation.requestID)
                guard let keeper = try await LedgerKeeper.create(fresh, store: store, bucket: bucket, owner: invocation.requestID,
                                                                 nowMs: nowMs, logger: logger) else {
                    continue  // someone created it just now: look again
                }
                // Whoever finished this job before us deleted the input before its ledger:
                // with the ledger ours, the input must still be the one we read.
                guard try await store.headObject(bucket: bucket, key: key)?.eTag == input.eTag else {
                    try await keeper.finish()
                    return duplicate(bucket, key, "another invocation processed this file", logger: logger)
                }
                logger.info("job started", ["input": .string(key), "job": .string(job)])
                return try await own(keeper, route: route, key: key, bucket: bucket, invocation: invocation, logger: logger, input: input)
            }
            switch ledger.decision(for: key, nowMs: nowMs(), leaseTimeoutMs: LedgerKeeper.leaseTimeoutMs) {
            case .skip(let reason):
                return duplicate(bucket, key, reason, logger: logger)
            case .wait:
                guard invocation.hasTime else {
                    return duplicate(bucket, key, "another invocation is processing this file (\(ledger.partKey))", logger: logger)
                }
                if !waited { logger.info("waiting for the lease", ["owner": .string(ledger.owner ?? ""), "part": .string(ledger.partKey)]) }
                waited = true
                try await sleep(.seconds(1))
            case .claim:
                guard let keeper = try await LedgerKeeper.takeOver(ledger, eTag: eTag, store: store, bucket: bucket,
                                                                   owner: invocation.requestID, nowMs: nowMs, logger: logger) else {
                    continue
                }
                logger.info("job resumed", ["input": .string(ledger.input), "job": .string(job), "part": .int(ledger.part), "next": .int(ledger.next),
                                            "phase": .string(ledger.phase.rawValue)])
                return try await own(keeper, route: route, key: key, bucket: bucket, invocation: invocation, logger: logger, input: nil)
            }
        }
    }

    /// Works on the job while the lease is this invocation's. A write that finds the ledger
    /// taken over, at any step, ends the work there: nothing more is written.
    func own(_ keeper: LedgerKeeper, route: InputRoute, key: String, bucket: String, invocation: InvocationBudget,
             logger: Logger, input: StoredObject?) async throws -> RunReport {
        do {
            return try await work(keeper, route: route, bucket: bucket, invocation: invocation, logger: logger, input: input)
        } catch let lost as LedgerKeeper.LeaseLost {
            return duplicate(bucket, key, lost.description, logger: logger)
        }
    }

    func missing(_ bucket: String, _ key: String, logger: Logger) -> RunReport {
        let message = "the input no longer exists: it was processed already or deleted"
        logger.info(message, ["key": .string(key)])
        return RunReport(bucket: bucket, input: key, status: .missing, message: message)
    }

    func duplicate(_ bucket: String, _ key: String, _ message: String, logger: Logger) -> RunReport {
        logger.info("duplicate", ["key": .string(key), "reason": .string(message)])
        return RunReport(bucket: bucket, input: key, status: .duplicate, message: message)
    }
}

/// The time an invocation has: rows are taken only while more than `marginMs` is left, so the
/// continuation and the outputs are written well before Lambda stops the function.
public struct InvocationBudget: Sendable {
    public let requestID: String
    public let deadlineMs: Int64
    public let marginMs: Int64
    let nowMs: @Sendable () -> Int64

    /// The margin is a fifth of the time the invocation has at the start, at least 2 s and at
    /// most 60 s (a row with all its retries, a continuation and the outputs fit in it).
    public init(requestID: String, deadlineMs: Int64, nowMs: @escaping @Sendable () -> Int64) {
        self.requestID = requestID
        self.deadlineMs = deadlineMs
        self.nowMs = nowMs
        marginMs = min(60_000, max(2_000, (deadlineMs - nowMs()) / 5))
    }

    public var hasTime: Bool { deadlineMs - nowMs() > marginMs }
}
