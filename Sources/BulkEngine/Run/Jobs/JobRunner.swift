import AWSCore
import ConnectClient
import JSONLog
import S3Client

/// The function's handler: every record of an S3 event, each input file to its end or to the
/// point where the invocation's time runs short.
///
/// For a `create/*.csv` or `update/*.csv`: name the job (the input and the write that put it
/// there), take its lease (`JobClaim`), then run it (`OwnedJob`): read the file, check every
/// row before any call, carry out each valid row as its kind of job says, recording each
/// row's outcome in the ledger; when every row has an outcome, write the failure file, rename
/// the input to `.bak` and write a summary; when time runs short first, hand the rows left to
/// a continuation object that S3 starts a fresh invocation for.
package struct JobRunner: Sendable {
    let services: JobServices

    /// Rows worked on at once (taken and not settled), by default: enough that every lane
    /// always has a row waiting on it while the busiest lane sets the pace, and that a row
    /// waiting out a retry's backoff does not hold the others back; a restart redoes at most
    /// these (which is safe, and a small share of any file worth a window).
    package static let defaultWindow = 64

    package init(connect: any ConnectAPI, store: any ObjectStore, instanceID: String, metrics: RunMetrics,
                time: any TimeSource = SystemTime(), window: Int = JobRunner.defaultWindow, pace: CallPace = CallPace(),
                maxDeletesPerFile: Int = FunctionConfiguration.defaultMaxDeletesPerFile,
                maxInputBytes: Int = FunctionConfiguration.defaultMaxInputBytes, consistency: ConsistencyWindow? = nil,
                quotas: QuotaPacing = .none) {
        services = JobServices(connect: connect, store: store, instanceID: instanceID, metrics: metrics, time: time,
                               pace: pace, maxDeletesPerFile: maxDeletesPerFile, window: window, maxInputBytes: maxInputBytes,
                               consistency: consistency ?? ConsistencyWindow(time: time), quotas: quotas)
    }

    /// Handles every record of the event; one report per record, in order.
    package func handle(event: S3Event, invocation: InvocationBudget, logger: JSONLogger) async throws -> [RunReport] {
        var reports: [RunReport] = []
        for record in event.records {
            reports.append(try await handle(record, invocation: invocation, logger: logger))
        }
        return reports
    }

    package func handle(_ record: S3Event.Record, invocation: InvocationBudget, logger: JSONLogger) async throws -> RunReport {
        let route = InputRoute(key: record.key)
        let kind: any JobKind
        switch route {
        case .create: kind = CreateKind()
        case .update: kind = UpdateKind()
        case .plan(of: .create): kind = PlanKind(CreateKind())
        case .plan(of: .update): kind = PlanKind(UpdateKind())
        case .plan(of: .delete): kind = PlanKind(DeleteKind(maxDeletes: services.maxDeletesPerFile))
        case .delete: kind = DeleteKind(maxDeletes: services.maxDeletesPerFile)
        case .export: return try await ExportJob.handle(record, services: services, invocation: invocation, logger: logger)
        case .ignore(let reason):
            logger.info("ignored", ["bucket": .string(record.bucket), "key": .string(record.key), "reason": .string(reason)])
            return RunReport(bucket: record.bucket, input: record.key, status: .ignored, message: reason)
        }
        let claim = JobClaim(services: services, record: record, invocation: invocation, logger: logger)
        guard let job = try await claim.jobID() else { return claim.missing() }
        switch try await claim.claim(job) {
        case .done(let report):
            return report
        case .owned(let keeper, let input):
            return try await OwnedJob(services: services, keeper: keeper, kind: kind, bucket: record.bucket, key: record.key,
                                      invocation: invocation, logger: logger, input: input).run()
        }
    }
}

extension JobRunner {
    /// A scheduled export (EventBridge's Scheduled Event), into `bucket`.
    package func handle(scheduled event: ScheduledEvent, bucket: String, invocation: InvocationBudget, logger: JSONLogger) async throws -> RunReport {
        try await ExportJob.handle(scheduled: event, bucket: bucket, services: services, invocation: invocation, logger: logger)
    }
}
