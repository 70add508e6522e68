import JSONLog
import S3Client
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A scheduled export: no object starts it, so the event names the job and its outputs.
///
/// The job is the event's id (`JobLedger.jobID(key: "export/scheduled", version: id)`): a
/// retried or re-delivered event is the same job, which resumes from its ledger while it runs.
/// It is named `export/scheduled-<job>` (an input that does not exist: nothing to rename) and
/// dated by the event's `time`, so its summary's name is known in advance: once the summary
/// exists, the same event again does nothing.
extension ExportJob {
    static func handle(scheduled event: ScheduledEvent, bucket: String, services: JobServices, invocation: InvocationBudget,
                       logger: JSONLogger) async throws -> RunReport {
        let job = JobLedger.jobID(key: "export/scheduled", version: event.id)
        let input = "export/scheduled-\(job)"
        let names = OutputNames(inputKey: input, at: Date(timeIntervalSince1970: Double(event.timeMs) / 1000))
        let store = services.store
        func done() async throws -> RunReport? {
            guard try await store.headObject(bucket: bucket, key: names.summary()) != nil else { return nil }
            return .duplicate(bucket: bucket, input: input, "this scheduled export was made already (\(names.summary()))", logger: logger)
        }
        if let report = try await done() { return report }
        let record = S3Event.Record(eventName: "Scheduled Event", bucket: bucket, key: input)
        let claim = JobClaim(services: services, record: record, invocation: invocation, logger: logger)
        if try await LedgerKeeper.read(store: store, bucket: bucket, job: job) == nil {
            let fresh = JobLedger(job: job, input: input, inputETag: "", startedAtMs: event.timeMs, owner: invocation.requestID)
            if let keeper = try await LedgerKeeper.create(fresh, store: store, bucket: bucket, owner: invocation.requestID,
                                                          time: services.time, logger: logger) {
                // Whoever finished this job before us wrote its summary before deleting its ledger.
                if let report = try await done() {
                    try await keeper.finish()
                    return report
                }
                logger.info("job started", ["input": .string(input), "job": .string(job), "schedule": .string(event.id)])
                return try await ExportJob(services: services, keeper: keeper, bucket: bucket, key: input,
                                           invocation: invocation, logger: logger).run()
            }
        }
        switch try await claim.claim(job) {
        case .done(let report):
            return report
        case .owned(let keeper, _):
            return try await ExportJob(services: services, keeper: keeper, bucket: bucket, key: input,
                                       invocation: invocation, logger: logger).run()
        }
    }
}
