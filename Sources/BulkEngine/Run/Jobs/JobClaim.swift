import JSONLog
import S3Client

/// Who works on a file: names its job, then takes the job's lease (creating its ledger,
/// taking over a stale one, or waiting for a live owner to finish), or says why this
/// invocation has nothing to do.
struct JobClaim {
    let services: JobServices
    let record: S3Event.Record
    let invocation: InvocationBudget
    let logger: JSONLogger
    /// Whether the job needs the input's content (an export's trigger object is only a
    /// signal: its version is read with HEAD, whatever its size).
    var readsInput = true

    enum Outcome {
        /// This invocation holds the lease; `input` is the file when it was read on the way.
        case owned(LedgerKeeper, input: StoredObject?)
        /// Nothing to do here, and why.
        case done(RunReport)
    }

    var bucket: String { record.bucket }
    var key: String { record.key }
    var store: any ObjectStore { services.store }

    /// The job the record names: a continuation names its own job; an input is named by its
    /// key and the write that put it there (S3's sequencer, else its ETag, else asked for).
    /// Nil when the input is gone.
    func jobID() async throws -> String? {
        if let continuation = JobLedger.parseContinuation(key),
           try await LedgerKeeper.read(store: store, bucket: bucket, job: continuation.job) != nil {
            return continuation.job
        }
        if let version = record.sequencer ?? record.eTag { return JobLedger.jobID(key: key, version: version) }
        return try await store.headObject(bucket: bucket, key: key).map { JobLedger.jobID(key: key, version: $0.eTag) }
    }

    func claim(_ job: String) async throws -> Outcome {
        var waited = false
        while true {
            guard let (ledger, eTag) = try await LedgerKeeper.read(store: store, bucket: bucket, job: job) else {
                if let outcome = try await start(job, waited: waited) { return outcome }
                continue  // someone created the ledger just now: look again
            }
            switch ledger.decision(for: key, nowMs: services.time.nowMs, leaseTimeoutMs: LedgerKeeper.leaseTimeoutMs) {
            case .skip(let reason):
                return .done(duplicate(reason))
            case .wait:
                guard invocation.hasTime else {
                    return .done(duplicate("another invocation is processing this file (\(ledger.partKey))"))
                }
                if !waited { logger.info("waiting for the lease", ["owner": .string(ledger.owner ?? ""), "part": .string(ledger.partKey)]) }
                waited = true
                try await services.time.sleep(for: .seconds(1))
            case .claim:
                guard let keeper = try await LedgerKeeper.takeOver(ledger, eTag: eTag, store: store, bucket: bucket,
                                                                   owner: invocation.requestID, time: services.time, logger: logger) else {
                    continue
                }
                logger.info("job resumed", ["input": .string(ledger.input), "job": .string(job), "part": .int(ledger.part), "next": .int(ledger.next),
                                            "phase": .string(ledger.phase.rawValue)])
                return .owned(keeper, input: nil)
            }
        }
    }

    /// A new job: reads the input (a file already processed is gone), then creates its
    /// ledger. Nil when someone else created the ledger first. An input larger than the job
    /// may read (its size from the event, else from HEAD) is not read: the ledger records its
    /// size, and the job refuses it (`OwnedJob`).
    private func start(_ job: String, waited: Bool) async throws -> Outcome? {
        let input: (read: StoredObject?, eTag: String, size: Int)
        do {
            guard let found = try await look() else { return .done(waited ? duplicate("another invocation processed this file") : missing()) }
            input = found
        } catch where error.isNoSuchKey {
            return .done(waited ? duplicate("another invocation processed this file") : missing())
        }
        if let expected = record.eTag, expected != input.eTag {
            logger.info("stale event", ["key": .string(key)])
            return .done(RunReport(bucket: bucket, input: key, status: .ignored,
                                   message: "the object was replaced after this event was sent; the event of the new upload processes it"))
        }
        var fresh = JobLedger(job: job, input: key, inputETag: input.eTag, startedAtMs: services.time.nowMs, owner: invocation.requestID)
        fresh.inputBytes = input.size
        guard let keeper = try await LedgerKeeper.create(fresh, store: store, bucket: bucket, owner: invocation.requestID,
                                                         time: services.time, logger: logger) else {
            return nil
        }
        // Whoever finished this job before us deleted the input before its ledger: with the
        // ledger ours, the input must still be the one we read.
        guard try await store.headObject(bucket: bucket, key: key)?.eTag == input.eTag else {
            try await keeper.finish()
            return .done(duplicate("another invocation processed this file"))
        }
        logger.info("job started", ["input": .string(key), "job": .string(job)])
        return .owned(keeper, input: input.read)
    }

    /// The input as the job needs it: read whole, or only its version and size (an export's
    /// trigger, or a file larger than a job may read). Nil when it is gone.
    private func look() async throws -> (read: StoredObject?, eTag: String, size: Int)? {
        func whole() async throws -> (read: StoredObject?, eTag: String, size: Int) {
            let object = try await store.object(bucket: bucket, key: key)
            return (object, object.eTag, object.body.count)
        }
        if readsInput, let size = record.size, size <= services.maxInputBytes { return try await whole() }
        guard let head = try await store.headObject(bucket: bucket, key: key) else { return nil }
        if readsInput, head.size <= services.maxInputBytes { return try await whole() }
        return (nil, head.eTag, head.size)
    }

    func missing() -> RunReport {
        let message = "the input no longer exists: it was processed already or deleted"
        logger.info(message, ["key": .string(key)])
        return RunReport(bucket: bucket, input: key, status: .missing, message: message)
    }

    func duplicate(_ message: String) -> RunReport {
        .duplicate(bucket: bucket, input: key, message, logger: logger)
    }
}
